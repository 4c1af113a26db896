// Package pdfwrite serialises laid-out pages as a PDF file: it takes the
// frames of layouts/typeset (pages of positioned texts, rules and link
// areas, and the structure tree their texts belong to) and an Info, and
// gives the bytes of the PDF, written to an io.Writer page by page as the
// pages come (New, Page, Close), never held whole. It decides nothing about
// layout: every text is drawn where its frame puts it.
//
// What it writes:
//
//   - PDF 1.7, by default conforming to PDF/A-2u (ISO 19005-2, level U):
//     XMP metadata matching the info dictionary (dc:title, dc:description,
//     dates, pdfaid part 2 conformance U, pdfuaid part 1), an sRGB output
//     intent with the ICC profile of Debian's icc-profiles-free (srgb.icc,
//     zlib licence, see LICENSE-sRGB.txt), a trailer /ID derived from the
//     content (SHA-256). Standard None leaves out the PDF/A and PDF/UA claims (XMP and
//     output intent) and nothing else.
//   - Tagged (PDF/UA-1 structure): every text is marked content of its
//     structure element, or an artifact (the running header and page
//     numbers as pagination artifacts, rules as layout artifacts); the
//     structure tree with a ParentTree, /MarkInfo, /Lang, DisplayDocTitle,
//     link annotations reached from their Link elements by OBJR.
//   - Fonts: a subset of each Liberation Serif face of package fonts that
//     the texts use (subset.go, our own TrueType subsetter), with a subset
//     tag derived from its characters, shown through two fonts that share
//     it: a simple TrueType font in WinAnsiEncoding, a byte a character,
//     for the characters the encoding has (nearly all of an English,
//     French or Spanish text), and a Type0 / Identity-H font, two bytes a
//     character, the CIDs being the glyph ids (CIDToGIDMap Identity), for
//     the others (superscript digits, Cyrillic, Greek); each with a
//     ToUnicode CMap of the characters it shows. A text with characters
//     of both is shown in pieces, each following the one before where the
//     pen stopped. The Type0 font's ToUnicode CMap is all bfchar entries:
//     Ghostscript 10.0 reads only the last byte of a bfrange's character
//     (it took "⁷" for "w", "ĉ" for a tab). The simple font halves the
//     bytes of the text (the seed's file 6.5% smaller), and Ghostscript
//     read the quotes and dashes of the Type0 font it replaced wrong too
//     ("<" and "=", "3"). An embedded CMap with a byte for ASCII would have saved as
//     much, but pdfminer.six (under pdfplumber) reads no embedded encoding
//     CMap, so it would find no text at all, and MuPDF 1.21 (Debian 12)
//     drops the ToUnicode entries of CIDs outside the encoding's
//     codespace, so it lost every character beyond ASCII; simple fonts are
//     what every reader knows.
//   - Lean content streams: a text object per marked-content sequence, a
//     Tm at each line, its words in one font one TJ array whose numbers
//     take the pen to each next word (a Td after a change of font).
//   - One outline entry per typeset.Mark, an info dictionary (title,
//     subject, producer and creator "itudoc", dates).
//
// Same input, same bytes: no clock (dates come from Info), no map order,
// the /ID a hash of the rest of the file. A text holding a character its
// face lacks is an error, never a blank.
package pdfwrite

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/itudoc/itudoc/layouts/typeset"
)

// Standard is a PDF standard the file conforms to.
type Standard string

const (
	// PDFA2U is PDF/A-2u (archival, Unicode text), with the PDF/UA-1
	// identification of a tagged file: the default.
	PDFA2U Standard = "pdfa-2u"
	// None claims no standard: no XMP metadata, no output intent. The
	// file is tagged all the same.
	None Standard = "none"
)

// ParseStandard reads a --pdf-standard value: "pdfa-2u" (also "" and
// "PDF/A-2u") or "none".
func ParseStandard(s string) (Standard, error) {
	switch strings.ToLower(s) {
	case "", "pdfa-2u", "pdf/a-2u":
		return PDFA2U, nil
	case "none":
		return None, nil
	}
	return "", fmt.Errorf("pdf standard must be pdfa-2u or none, not %q", s)
}

// Info is what the file records besides its pages.
type Info struct {
	Title, Subject string
	// Lang is the document's language, a BCP 47 tag ("en-GB"); "" gives
	// "en-GB".
	Lang string
	// Date is the creation and modification date; the zero time gives
	// 2000-01-01.
	Date     time.Time
	Standard Standard // "" is PDFA2U
}

// FallbackDate is the date of a file whose Info has none, so that the
// output stays reproducible.
var FallbackDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes pages, whose texts belong to the structure tree root, as a
// PDF file to w.
func Write(w io.Writer, pages []typeset.Page, root *typeset.Node, info Info) error {
	pw := New(w, info)
	for i := range pages {
		if err := pw.Page(&pages[i]); err != nil {
			pw.Abort()
			return err
		}
	}
	return pw.Close(root)
}
