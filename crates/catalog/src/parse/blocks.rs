//! An entry's Markdown as a tree of CommonMark blocks (headings, paragraphs,
//! lists and their items, code blocks, tables), read by pulldown-cmark. Each
//! block keeps its byte range, so that the parser can quote the source as
//! written (the catalog keeps `**` and backticks inside titles) and name the
//! line of every problem. The only module that knows pulldown-cmark.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `#` is 1; a setext heading (underlined with `===` or `---`) is 1 or 2.
    Heading(u8),
    Paragraph,
    /// `ordered`: items `1.` or `1)`, rather than `-`, `*` or `+`.
    List {
        ordered: bool,
    },
    Item,
    /// Fenced (``` or ~~~) or indented.
    Code {
        fenced: bool,
    },
    Table,
    /// Anything else (a quote, HTML, a rule, a table's rows and cells):
    /// never part of an entry's structure.
    Other,
}

pub struct Block {
    pub kind: Kind,
    pub range: Range<usize>,
    /// The inline content: a heading's without its `#`s; a paragraph's.
    pub inline: Option<Range<usize>>,
    /// A code block's content as CommonMark reads it: without the fences
    /// and without the indentation of the list item it is in.
    pub code: String,
    pub children: Vec<Block>,
    /// A tight list item's text, which pulldown-cmark gives without a
    /// paragraph around it: the parser sees a paragraph either way.
    implicit: bool,
}

impl Block {
    fn new(kind: Kind, range: Range<usize>) -> Block {
        Block { kind, range, inline: None, code: String::new(), children: Vec::new(), implicit: false }
    }
}

/// The source and its blocks.
pub struct Doc<'a> {
    pub src: &'a str,
    line_starts: Vec<usize>,
    pub blocks: Vec<Block>,
}

impl<'a> Doc<'a> {
    pub fn parse(src: &'a str) -> Doc<'a> {
        let line_starts = std::iter::once(0).chain(src.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut stack = vec![Block::new(Kind::Other, 0..src.len())];
        for (event, range) in Parser::new_ext(src, Options::ENABLE_TABLES).into_offset_iter() {
            match event {
                Event::Start(tag) if !is_inline(&tag) => {
                    end_implicit(&mut stack);
                    stack.push(Block::new(kind(&tag), range));
                }
                Event::End(tag) if !is_inline_end(tag) => {
                    end_implicit(&mut stack);
                    pop(&mut stack);
                }
                Event::Text(t) if matches!(top(&mut stack).kind, Kind::Code { .. }) => {
                    top(&mut stack).code.push_str(&t.replace("\r\n", "\n"));
                }
                Event::Html(_) => {}
                Event::Rule => top(&mut stack).children.push(Block::new(Kind::Other, range)),
                _ => inline(&mut stack, src, range),
            }
        }
        end_implicit(&mut stack);
        let blocks = stack.pop().map(|root| root.children).unwrap_or_default();
        Doc { src, line_starts, blocks }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// Whole lines around `range`: from the start of its first line to the
    /// end of its last, line end included.
    pub fn line_span(&self, range: Range<usize>) -> Range<usize> {
        let first = self.line(range.start);
        let last = self.line(range.end.saturating_sub(1).max(range.start));
        let end = self.line_starts.get(last).copied().unwrap_or(self.src.len());
        self.line_starts[first - 1]..end
    }

    /// The lines of `range`, without line ends.
    pub fn lines(&self, range: Range<usize>) -> impl Iterator<Item = &'a str> {
        let text = &self.src[range];
        text.strip_suffix('\n').unwrap_or(text).split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
    }

    /// The source of `range` as one line: each line trimmed, blank ones left
    /// out, joined with a space (so a wrapped paragraph reads as one line).
    pub fn joined(&self, range: Range<usize>) -> String {
        self.lines(range).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
    }

    /// A paragraph's or heading's text as written (`joined`).
    pub fn text(&self, b: &Block) -> String {
        match (&b.kind, &b.inline) {
            (Kind::Paragraph, _) if !b.implicit => self.joined(b.range.clone()),
            (_, Some(r)) => self.joined(r.clone()),
            _ => String::new(),
        }
    }

    /// The number an ordered item is written with (`3.` or `3)`); CommonMark
    /// itself only keeps the first.
    pub fn item_number(&self, item: &Block) -> Option<u64> {
        let s = &self.src[item.range.clone()];
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        s[..digits].parse().ok()
    }

    /// Whether a fenced block ends with its closing fence: CommonMark closes
    /// an unclosed one silently at the end of its list item or the file.
    pub fn fence_closed(&self, b: &Block) -> bool {
        let mut lines = self.lines(b.range.clone()).map(str::trim);
        let open = lines.next().unwrap_or("");
        let Some(c) = open.chars().next() else { return false };
        let width = open.len() - open.trim_start_matches(c).len();
        match lines.last() {
            Some(close) => close.len() >= width && close.chars().all(|x| x == c),
            None => false,
        }
    }

    /// The info string of a fenced block as written (`sh`, `python`).
    pub fn info(&self, b: &Block) -> &'a str {
        let open = self.lines(b.range.clone()).next().unwrap_or("").trim();
        open.trim_start_matches(['`', '~']).trim()
    }
}

fn top(stack: &mut [Block]) -> &mut Block {
    stack.last_mut().expect("the root is never popped")
}

fn pop(stack: &mut Vec<Block>) {
    if stack.len() > 1 {
        let b = stack.pop().expect("checked");
        top(stack).children.push(b);
    }
}

/// Inline content widens its paragraph's, heading's or cell's range; in a
/// tight list item, it opens the implicit paragraph.
fn inline(stack: &mut Vec<Block>, src: &str, range: Range<usize>) {
    if top(stack).kind == Kind::Item {
        let mut p = Block::new(Kind::Paragraph, range.clone());
        p.implicit = true;
        stack.push(p);
    }
    let b = top(stack);
    b.inline = Some(match b.inline.take() {
        Some(r) => r.start.min(range.start)..r.end.max(range.end),
        // An escaped first character (`\*`) starts at its backslash.
        None if src[..range.start].ends_with('\\') => range.start - 1..range.end,
        None => range,
    });
    if b.implicit {
        b.range = b.inline.clone().expect("just set");
    }
}

fn end_implicit(stack: &mut Vec<Block>) {
    if top(stack).implicit {
        pop(stack);
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn kind(tag: &Tag) -> Kind {
    match tag {
        Tag::Heading { level, .. } => Kind::Heading(match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            HeadingLevel::H3 => 3,
            HeadingLevel::H4 => 4,
            HeadingLevel::H5 => 5,
            HeadingLevel::H6 => 6,
        }),
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(start) => Kind::List { ordered: start.is_some() },
        Tag::Item => Kind::Item,
        Tag::CodeBlock(k) => Kind::Code { fenced: matches!(k, pulldown_cmark::CodeBlockKind::Fenced(_)) },
        Tag::Table(_) => Kind::Table,
        _ => Kind::Other,
    }
}
