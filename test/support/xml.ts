/** An element of a parsed XML document. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, references resolved (text of children not included). */
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * A strict parser for the XML the reports write (elements, attributes, text, character and the
 * five predefined references, comments, one declaration): enough to prove a document well formed
 * and to read its structure. No DTDs, CDATA or processing instructions beyond the declaration —
 * it refuses them rather than guess. Throws naming the offset of the first problem.
 */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
  };
  const resolveRefs = (raw: string): string => {
    if (raw.includes("<")) fail("'<' in text or an attribute");
    return raw.replace(/&([^;]*);?/g, (all, ref: string) => {
      if (!all.endsWith(";")) fail(`an unterminated reference '${all}'`);
      if (ref.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
      const ch = ENTITIES[ref];
      if (ch === undefined) fail(`an unknown entity '&${ref};'`);
      return ch as string;
    });
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (source.startsWith("<!--", i)) {
        const end = source.indexOf("-->", i + 4);
        if (end < 0) fail("an unterminated comment");
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (source[i] !== "<") fail("expected '<'");
    i++;
    const name = source.slice(i).match(NAME)?.[0] ?? fail("expected an element name");
    i += name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith("/>", i)) {
        i += 2;
        return { name, attrs, children: [], text: "" };
      }
      if (source[i] === ">") {
        i++;
        break;
      }
      if (i === before) fail("expected white space before an attribute");
      const attr = source.slice(i).match(NAME)?.[0] ?? fail("expected an attribute name");
      i += attr.length;
      skipSpace();
      if (source[i] !== "=") fail("expected '='");
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail("expected a quoted value");
      const end = source.indexOf(quote as string, i + 1);
      if (end < 0) fail("an unterminated attribute value");
      if (attr in attrs) fail(`attribute '${attr}' given twice`);
      attrs[attr] = resolveRefs(source.slice(i + 1, end));
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = "";
    for (;;) {
      const lt = source.indexOf("<", i);
      if (lt < 0) fail(`element '${name}' is not closed`);
      text += resolveRefs(source.slice(i, lt));
      i = lt;
      if (source.startsWith("</", i)) {
        i += 2;
        const closing = source.slice(i).match(NAME)?.[0];
        if (closing !== name) fail(`'</${closing}>' closes '<${name}>'`);
        i += name.length;
        skipSpace();
        if (source[i] !== ">") fail("expected '>'");
        i++;
        return { name, attrs, children, text };
      }
      if (source.startsWith("<!--", i)) {
        skipMisc();
        continue;
      }
      if (source.startsWith("<!", i) || source.startsWith("<?", i)) fail("a construct this parser refuses");
      children.push(element());
    }
  };
  if (source.startsWith("<?xml")) {
    const end = source.indexOf("?>");
    if (end < 0) fail("an unterminated declaration");
    i = end + 2;
  }
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== source.length) fail("content after the root element");
  return root;
}

/** Child elements named `name`. */
export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c) => c.name === name);
}
