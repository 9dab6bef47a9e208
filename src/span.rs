//! Byte spans and the one line index that turns them into lines and columns.
//!
//! Every node of the model carries a [`Span`]: a half-open byte range into the file's text
//! (BOM included). Lines and columns are computed only when a report is rendered.

use serde::Serialize;

/// A half-open byte range `start..end` into a file's text.
///
/// Offsets are stored in 32 bits (the model holds several spans per line; half the size of two
/// `usize`); they are read as `usize` through [`Span::start`], [`Span::end`] and [`Span::range`].
/// A text longer than [`MAX_TEXT_LEN`] is never parsed: `max-file-size` cannot exceed it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    #[serde(rename = "start")]
    lo: u32,
    #[serde(rename = "end")]
    hi: u32,
}

/// The longest text a [`Span`] can address (4 GiB - 1).
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end && end <= MAX_TEXT_LEN);
        Span { lo: start as u32, hi: end as u32 }
    }

    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    pub fn start(self) -> usize {
        self.lo as usize
    }

    pub fn end(self) -> usize {
        self.hi as usize
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    pub fn set_start(&mut self, start: usize) {
        self.lo = start as u32;
    }

    pub fn set_end(&mut self, end: usize) {
        self.hi = end as u32;
    }

    pub fn len(self) -> usize {
        self.end() - self.start()
    }

    pub fn is_empty(self) -> bool {
        self.lo == self.hi
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { lo: self.lo.min(other.lo), hi: self.hi.max(other.hi) }
    }

    /// This span shifted right by `offset` bytes (a span inside a substring made absolute).
    pub fn shift(self, offset: usize) -> Span {
        Span::new(self.start() + offset, self.end() + offset)
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start(), span.len()).into()
    }
}

/// Start offsets of every line, for turning byte offsets into 1-based lines and columns.
///
/// Columns are counted from the line's start, or, on a line longer than [`CHECKPOINT_STEP`]
/// bytes, from the nearest checkpoint before the offset: a column costs at most one step of
/// counting, however long the line (a 50 MB one-line file with a thousand findings stays fast).
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Line starts as 32-bit offsets, like spans: 4 bytes a line (a text of 4 GB or more is never
    /// parsed; offsets past it saturate instead of wrapping).
    starts: Vec<u32>,
    /// In offset order: places inside long lines with their column counts from the line's start.
    checkpoints: Vec<Checkpoint>,
}

/// Bytes between two checkpoints of a long line.
pub const CHECKPOINT_STEP: usize = 64 * 1024;

#[derive(Clone, Copy, Debug)]
struct Checkpoint {
    /// A char boundary inside a line.
    offset: usize,
    /// Characters from the line's start to `offset`.
    chars: usize,
    /// UTF-16 code units from the line's start to `offset`.
    utf16: usize,
}

impl Checkpoint {
    /// The start of a line: nothing counted yet.
    fn line_start(offset: usize) -> Checkpoint {
        Checkpoint { offset, chars: 0, utf16: 0 }
    }
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` or a lone `\r`, as CycleCloud reads them. Only the first 4 GB
    /// less one byte are indexed (what spans address); a longer text's later offsets count as
    /// its last indexed line.
    pub fn new(text: &str) -> LineIndex {
        let text = &text[..floor_char_boundary(text, text.len().min(MAX_TEXT_LEN))];
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                .map(|(i, _)| to_u32(i + 1)),
        );
        let mut checkpoints = Vec::new();
        for (line, &start) in starts.iter().enumerate() {
            let start = start as usize;
            let end = starts.get(line + 1).map_or(text.len(), |&next| next as usize);
            if end - start <= CHECKPOINT_STEP {
                continue;
            }
            let (mut chars, mut utf16, mut next) = (0, 0, start + CHECKPOINT_STEP);
            for (i, c) in text[start..end].char_indices() {
                if start + i >= next {
                    checkpoints.push(Checkpoint { offset: start + i, chars, utf16 });
                    next = start + i + CHECKPOINT_STEP;
                }
                chars += 1;
                utf16 += c.len_utf16();
            }
        }
        LineIndex { starts, checkpoints }
    }

    /// The last checkpoint in `line_start..=offset`, or the line's start (counts 0).
    fn checkpoint(&self, line_start: usize, offset: usize) -> Checkpoint {
        let after = self.checkpoints.partition_point(|c| c.offset <= offset);
        match after.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some(c) if c.offset >= line_start => c,
            _ => Checkpoint::line_start(line_start),
        }
    }

    /// The 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&to_u32(offset)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)] as usize
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and character column of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let from = self.checkpoint(self.line_start(line), offset);
        LineCol { line: line + 1, column: from.chars + text[from.offset..offset].chars().count() + 1 }
    }
}

fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A 0-based line and a 0-based column counted in UTF-16 code units: the positions of the
/// Language Server Protocol, and nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Utf16Position {
    pub line: usize,
    pub character: usize,
}

impl LineIndex {
    /// The 0-based line and UTF-16 column of `offset` in `text` (an offset inside a character
    /// counts from that character's start; past the end, from the end).
    pub fn utf16_position(&self, text: &str, offset: usize) -> Utf16Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let from = self.checkpoint(self.line_start(line), offset);
        Utf16Position { line, character: from.utf16 + text[from.offset..offset].encode_utf16().count() }
    }

    /// The byte offset of a 0-based line and UTF-16 column in `text`. A line past the end gives
    /// the end of the text; a column past the end of its line (or inside a surrogate pair) gives
    /// the end of the line (or the start of that character).
    pub fn utf16_offset(&self, text: &str, position: Utf16Position) -> usize {
        let Some(start) = self.starts.get(position.line).map(|&s| s as usize) else {
            return text.len();
        };
        let end = self.starts.get(position.line + 1).map_or(text.len(), |&next| next as usize - 1);
        // Start from the last checkpoint of this line at or before the column.
        let first = self.checkpoints.partition_point(|c| c.offset < start);
        let last = self.checkpoints.partition_point(|c| c.offset < end);
        let line_checkpoints = &self.checkpoints[first..last];
        let from = match line_checkpoints.partition_point(|c| c.utf16 <= position.character) {
            0 => Checkpoint::line_start(start),
            n => line_checkpoints[n - 1],
        };
        let mut units = from.utf16;
        for (i, c) in text[from.offset..end].char_indices() {
            units += c.len_utf16();
            if units > position.character {
                return from.offset + i;
            }
        }
        end
    }
}

/// The lines of `text` without their endings: a line ends at `\n`, `\r\n` or a lone `\r`.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(at) => {
                let skip = if current[at..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&current[at + skip..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Where the line holding `offset` starts: after the last `\n` or `\r` before it.
pub fn line_start_at(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Where the line holding `offset` ends, its line break excluded: the first `\n` or `\r` from
/// `offset`, or the end of the text.
pub fn line_end_at(text: &str, offset: usize) -> usize {
    text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i)
}

/// The start of the next line, when the line holding `offset` has a line break (`\r\n` is one).
pub fn next_line_start(text: &str, offset: usize) -> Option<usize> {
    let end = line_end_at(text, offset);
    (end < text.len()).then(|| if text[end..].starts_with("\r\n") { end + 2 } else { end + 1 })
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line bounds end lines at `\n`, `\r\n` and a lone `\r`, as `lines` and `LineIndex` do.
    #[test]
    fn line_bounds_with_each_line_ending() {
        let text = "ab\ncd\r\nef\rgh";
        let starts: Vec<usize> = [0, 3, 7, 10].to_vec();
        for (line, &start) in starts.iter().enumerate() {
            let end =
                starts.get(line + 1).map_or(text.len(), |next| text[..*next].trim_end_matches(['\r', '\n']).len());
            for offset in start..end {
                assert_eq!((line_start_at(text, offset), line_end_at(text, offset)), (start, end), "{offset}");
                assert_eq!(next_line_start(text, offset), starts.get(line + 1).copied(), "{offset}");
            }
        }
        assert_eq!(line_start_at(text, 2), 0, "at a line break: the line it ends");
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd\r\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 1 });
        // `d` is after a two-byte character.
        assert_eq!(index.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(text, 8), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_col(text, text.len()), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_crlf_is_one_ending() {
        let text = "a\rb\r\nc\nd\r";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 5);
        assert_eq!(index.line_col(text, 2), LineCol { line: 2, column: 1 });
        // `\r` of `\r\n` belongs to its line.
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_col(text, 7), LineCol { line: 4, column: 1 });
        assert_eq!(index.utf16_position(text, 2), Utf16Position { line: 1, character: 0 });
        assert_eq!(index.utf16_offset(text, Utf16Position { line: 1, character: 0 }), 2);
        assert_eq!(lines(text).collect::<Vec<_>>(), ["a", "b", "c", "d", ""]);
        assert_eq!(lines("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn utf16_positions_count_code_units() {
        // `é` is 2 bytes and 1 UTF-16 unit; `😀` is 4 bytes and 2 units (a surrogate pair).
        let text = "aé😀b\r\nx\n";
        let index = LineIndex::new(text);
        let at = |line, character| Utf16Position { line, character };
        assert_eq!(index.utf16_position(text, 0), at(0, 0));
        assert_eq!(index.utf16_position(text, 1), at(0, 1));
        assert_eq!(index.utf16_position(text, 3), at(0, 2));
        assert_eq!(index.utf16_position(text, 7), at(0, 4));
        // Inside `😀`: from its start.
        assert_eq!(index.utf16_position(text, 5), at(0, 2));
        // `\r` belongs to the line.
        assert_eq!(index.utf16_position(text, 8), at(0, 5));
        assert_eq!(index.utf16_position(text, 10), at(1, 0));
        assert_eq!(index.utf16_position(text, text.len()), at(2, 0));
        assert_eq!(index.utf16_position(text, text.len() + 5), at(2, 0));
        for offset in [0, 1, 3, 7, 8, 10, 11, 12] {
            assert_eq!(index.utf16_offset(text, index.utf16_position(text, offset)), offset);
        }
        // Inside the surrogate pair: the character's start; past the line's end: the line's end.
        assert_eq!(index.utf16_offset(text, at(0, 3)), 3);
        assert_eq!(index.utf16_offset(text, at(1, 99)), 11);
        assert_eq!(index.utf16_offset(text, at(9, 0)), text.len());
    }

    /// On lines longer than a checkpoint step, columns counted from checkpoints are the same as
    /// counted from the line's start, in characters and in UTF-16 units, both ways.
    #[test]
    fn long_lines_count_columns_from_checkpoints_exactly() {
        let piece = "aé😀b\t";
        let long: String = piece.repeat(3 * CHECKPOINT_STEP / piece.len());
        let text = format!("x\n{long}\r\n{long}\ny");
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.len() >= 4, "both long lines have checkpoints");
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(997).chain([text.len()]).collect();
        for offset in boundaries {
            let line = index.line_of(offset);
            let start = index.line_start(line);
            let naive_chars = text[start..offset].chars().count();
            let naive_utf16 = text[start..offset].encode_utf16().count();
            assert_eq!(index.line_col(&text, offset), LineCol { line: line + 1, column: naive_chars + 1 }, "{offset}");
            let position = index.utf16_position(&text, offset);
            assert_eq!(position, Utf16Position { line, character: naive_utf16 }, "{offset}");
            assert_eq!(index.utf16_offset(&text, position), offset, "{offset}");
        }
    }
}
