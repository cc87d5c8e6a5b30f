// k6 provides console.log (it goes to k6's log); @types/k6 does not declare it. Written so that it
// merges with @types/node's declaration when the root tsconfig sees this folder too.
interface Console {
  log(...data: unknown[]): void;
}
declare var console: Console;
