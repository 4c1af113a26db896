package docx

import (
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Builders for hand-made documents. Positions are set so that diagnostics
// can be checked.

func run(text string) *doc.Run { return &doc.Run{Text: text} }

func ins(text string, span int) *doc.Run {
	return &doc.Run{Text: text, Rev: doc.Revision{Ins: doc.ChangeID(span)}}
}

func del(text string, span int) *doc.Run {
	return &doc.Run{Text: text, Rev: doc.Revision{Del: doc.ChangeID(span)}}
}

func fmtRun(text string, f doc.Format) *doc.Run { return &doc.Run{Text: text, Format: f} }

func para(style doc.Style, in ...doc.Inline) *doc.Paragraph {
	return &doc.Paragraph{Style: style, Inlines: in}
}

func labelled(level int, label []doc.Inline, in ...doc.Inline) *doc.Paragraph {
	return &doc.Paragraph{Style: doc.EnumlevStyle(level), Level: level, Label: label, Inlines: in}
}

func lbl(in ...doc.Inline) []doc.Inline { return in }

// sampleDoc is a realistic hand-built document modelled on the seed
// (fixtures/pp14-149-e.md): the cover with its Action/Title table, a SUP
// proposal, a MOD proposal with insertions and deletions in text, labels and
// the resolution number, a wholly inserted and a wholly deleted paragraph, a
// footnote, and an ADD proposal.
func sampleDoc() *doc.Document {
	d := &doc.Document{
		Source: "sample.md",
		Meta: doc.Meta{
			Conference: "Plenipotentiary Conference (PP-14)",
			Place:      "Busan, 20 October - 7 November 2014",
			Code:       "PP14",
			Committee:  "COMMITTEE 4",
			Number:     "149-E",
			Date:       "3 November 2014",
			ISODate:    "2014-11-03",
			Original:   "English",
			Source:     "WORKING GROUP OF THE PLENARY",
			Title:      "SIXTH SERIES OF TEXTS SUBMITTED BY WORKING GROUP OF THE PLENARY TO THE EDITORIAL COMMITTEE",
			Signature:  []string{"Musab ABDULLA", "Chairman, Working Group of the", "Plenary"},
			AnnexPages: 44,
		},
	}
	row := func(header bool, a, t string) *doc.Row {
		st := doc.StyleTableText
		if header {
			st = doc.StyleTableHead
		}
		return &doc.Row{Header: header, Cells: []*doc.Paragraph{para(st, run(a)), para(st, run(t))}}
	}
	table := &doc.Table{Pos: doc.Pos{Line: 16, Col: 1}, Rows: []*doc.Row{
		row(true, "Action", "Title"),
		row(false, "SUP", "RESOLUTION 35"),
		row(false, "MOD", "RESOLUTION 64"),
		row(false, "", "RESOLUTION 130"),
		row(false, "ADD", "DRAFT NEW RESOLUTION [WG-PL/7]"),
	}}
	d.Blocks = []doc.Block{
		para(doc.StyleNormal, run("The following texts have been adopted and are submitted to the Editorial Committee for consideration and subsequent transmission to the Plenary Meeting.")),
		table,
		&doc.Proposal{Action: doc.ActionSUP, ID: "WGPL/149/1", Blocks: []doc.Block{
			para(doc.StyleProposal, fmtRun("SUP", doc.Bold), run("\t"), fmtRun("WGPL/149/1", doc.Bold)),
			para(doc.StyleResNo, run("RESOLUTION 35 (KYOTO, 1994)")),
			para(doc.StyleRestitle, run("Telecommunication support for the protection of the environment")),
			para(doc.StyleNormalAfterTitle, run("The Plenipotentiary Conference of the International Telecommunication Union (Kyoto, 1994),")),
			para(doc.StyleNormal, run("this paragraph of a SUP proposal is kept")),
		}},
		&doc.Proposal{Action: doc.ActionMOD, ID: "WGPL/149/2", Blocks: []doc.Block{
			para(doc.StyleProposal, fmtRun("MOD", doc.Bold), run("\t"), fmtRun("WGPL/149/2", doc.Bold)),
			para(doc.StyleResNo, run("RESOLUTION 64 (REV. "), ins("BUSAN, 2014", 1), del("GUADALAJARA, 2010", 2), run(")")),
			para(doc.StyleRestitle, run("Non-discriminatory access to modern telecommunication/information and communication technology facilities")),
			para(doc.StyleNormalAfterTitle, run("The Plenipotentiary Conference of the International Telecommunication Union ("), del("Guadalajara, 2010", 3), ins("Busan, 2014", 4), run("),")),
			para(doc.StyleCall, run("recalling")),
			labelled(1, lbl(run("a)")), run("the outcomes of the Geneva (2003) and Tunis (2005) phases of the World Summit on the Information Society, especially §§ 15, 18 and 19 of the Tunis Commitment;")),
			labelled(1, lbl(run("b)")), run("Resolution 64 (Rev. "), ins("Antalya, 2006", 5), del("Guadalajara, 2010", 6), run(") of the Plenipotentiary Conference;")),
			labelled(1, lbl(del("7", 7), ins("8", 8)), run("developing countries"), &doc.FootnoteRef{ID: 1, Mark: "1"}, run(" in achieving sustainable development & \"growth\" <now>;")),
			&doc.Paragraph{Style: doc.StyleEnumlev1, Level: 1, Mark: doc.Revision{Ins: 9},
				Label:   lbl(ins("2", 9)),
				Inlines: []doc.Inline{ins("the preamble and challenges chapters of statement of the WSIS+10 High-Level Event, Geneva (June 2014);", 9)}},
			&doc.Paragraph{Style: doc.StyleEnumlev1, Level: 1, Mark: doc.Revision{Del: 10},
				Label:   lbl(del("g)", 10)),
				Inlines: []doc.Inline{del("that Council Resolution 1336, adopted at its 2011 session, established a working group;", 10)}},
			labelled(2, lbl(run("i)")), run("a second-level item of the "), fmtRun("Union", doc.Italic), run(" with 10"), fmtRun("th", doc.Superscript), run(" meeting")),
			para(doc.StyleCall, run("resolves")),
			labelled(1, lbl(run("1")), run("to continue the need to "), del("promote", 11), run(" "), ins("endeavour to ensure", 12), run(" non-discriminatory access,")),
			para(doc.StyleReasons, fmtRun("Reasons:", doc.Bold), run("\tTo update the resolution.")),
		}},
		&doc.Proposal{Action: doc.ActionADD, ID: "WGPL/149/8", Blocks: []doc.Block{
			para(doc.StyleProposal, fmtRun("ADD", doc.Bold), run("\t"), fmtRun("WGPL/149/8", doc.Bold)),
			para(doc.StyleResNo, run("DRAFT NEW RESOLUTION [WG-PL/7]")),
			para(doc.StyleRestitle, run("Strengthening the role of ITU")),
			para(doc.StyleNormal, run("a new text with a line\nbreak")),
		}},
	}
	d.Footnotes = []*doc.Footnote{{ID: 1, Mark: "1", Inlines: []doc.Inline{run("These include the least developed countries, small island developing states.")}}}
	return d
}
