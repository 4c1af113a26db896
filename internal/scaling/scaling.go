// Package scaling generates the shapes of input that once made a stage of
// itudoc quadratic (issue 14, item 6), at any size, for the benchmarks and
// tests that show time and memory grow linearly with input: per generator,
// at 1×, 4× and 16× a base size, time and memory per byte (ns/op ÷ bytes,
// B/op ÷ bytes) must stay level.
//
// Each Generator makes a whole conference text (a cover, a proposal, a
// resolution) whose bulk is one shape: footnote references with their
// bodies, footnote marks without a body, unclosed insertions, a table row of
// many cells, one long line, nesting just within --max-depth, runs of
// unmatched backticks. The benchmarks are in scaling_test.go; run them with
//
//	go test -run '^$' -bench . -benchmem ./internal/scaling
package scaling

import (
	"fmt"
	"strings"
)

// Generator makes a document of about size bytes of one shape.
type Generator struct {
	Name string
	// What names the stage this shape once made quadratic.
	What string
	Make func(size int) []byte
}

// head is the cover and the start of a proposal every generated document
// shares; the shape follows it.
const head = "COMMITTEE 4\n\nDocument 1-E\n3 November 2014\nOriginal: English\n\nWORKING GROUP OF THE PLENARY\n\n**TITLE**\n\n" +
	"MOD\tWGPL/1/1\n\nRESOLUTION 1 (REV. BUSAN, 2014)\n\nA title\n\nThe Conference,\n\nresolves\n\n"

// sup writes n in superscript digits (¹²³).
func sup(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	var b strings.Builder
	for _, c := range fmt.Sprint(n) {
		d := int(c - '0')
		b.WriteString(string([]rune(digits)[d]))
	}
	return b.String()
}

// fill calls add until b holds size bytes.
func fill(b *strings.Builder, size int, add func(i int)) {
	for i := 1; b.Len() < size; i++ {
		add(i)
	}
}

// Generators are the shapes, each with the stage it once made quadratic.
var Generators = []Generator{
	{"footnotes", "binding footnote references to their bodies", func(size int) []byte {
		var b strings.Builder
		b.WriteString(head + "1\t")
		k := 0
		// The bodies take about as many bytes as the marks: a third each, so
		// that the whole stays within size.
		fill(&b, size/3, func(i int) { fmt.Fprintf(&b, "the text%s and ", sup(i)); k = i })
		b.WriteString("end.\n\n")
		for i := 1; i <= k; i++ {
			fmt.Fprintf(&b, "%s Note %d.\n\n", sup(i), i)
		}
		return []byte(b.String())
	}},
	{"marks-without-text", "positions of footnote marks that have no footnote text", func(size int) []byte {
		var b strings.Builder
		b.WriteString(head + "1\t")
		fill(&b, size, func(int) { b.WriteString("FIRST⁷ and ") })
		b.WriteString("end.\n")
		return []byte(b.String())
	}},
	{"unclosed-insertions", "the Markdown scan for unclosed [a](#", func(size int) []byte {
		var b strings.Builder
		b.WriteString(head + "1\t")
		fill(&b, size, func(int) { b.WriteString("[a](# ") })
		b.WriteString("end.\n")
		return []byte(b.String())
	}},
	{"table-cells", "splitting a table row into cells", func(size int) []byte {
		var b strings.Builder
		b.WriteString("COMMITTEE 4\n\nDocument 1-E\n3 November 2014\nOriginal: English\n\nWORKING GROUP OF THE PLENARY\n\n**TITLE**\n\nAction\tTitle\nMOD")
		fill(&b, size, func(i int) { fmt.Fprintf(&b, "\tcell %d", i) })
		b.WriteString("\n\n" + head[strings.Index(head, "MOD\t"):] + "1\tend.\n")
		return []byte(b.String())
	}},
	{"long-line", "one paragraph of one line, with revision marks", func(size int) []byte {
		var b strings.Builder
		b.WriteString(head + "1\t")
		words := []string{"the", "Member", "States", "~~telecommunication~~", "[development](#)", "of", "**ITU**", "*cooperation*"}
		fill(&b, size, func(i int) { b.WriteString(words[i%len(words)] + " ") })
		b.WriteString("end.\n")
		return []byte(b.String())
	}},
	{"nesting", "nesting just within --max-depth (lists and brackets)", func(size int) []byte {
		var b strings.Builder
		b.WriteString(head)
		fill(&b, size, func(i int) {
			for d := 0; d < 8; d++ {
				b.WriteString(strings.Repeat("  ", d) + "- item\n")
			}
			b.WriteString("\n" + strings.Repeat("[", 30) + "x" + strings.Repeat("]", 30) + "\n\n")
		})
		return []byte(b.String())
	}},
	{"backticks", "building runs of unmatched backticks", func(size int) []byte {
		var b strings.Builder
		b.WriteString(head + "1\t")
		fill(&b, size, func(i int) { b.WriteString(strings.Repeat("`", 1+i%7) + "a ") })
		b.WriteString("end.\n")
		return []byte(b.String())
	}},
}
