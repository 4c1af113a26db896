package docx_test

import (
	"archive/zip"
	"bytes"
	"fmt"

	"github.com/itudoc/itudoc/layouts/docx"
	"github.com/itudoc/itudoc/pipeline/doc"
)

func ExampleWrite() {
	d := &doc.Document{
		Meta: doc.Meta{Code: "PP14", Number: "149-E", ISODate: "2014-11-03", Source: "WORKING GROUP OF THE PLENARY"},
		Blocks: []doc.Block{&doc.Paragraph{Style: doc.StyleNormal, Inlines: []doc.Inline{
			&doc.Run{Text: "Resolution 71 (Rev. "},
			&doc.Run{Text: "Guadalajara, 2010", Rev: doc.Revision{Del: 1}},
			&doc.Run{Text: "Busan, 2014", Rev: doc.Revision{Ins: 2}},
			&doc.Run{Text: ")"},
		}}},
	}
	var buf bytes.Buffer
	diags, err := docx.Write(&buf, d, docx.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println("diagnostics:", len(diags))
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for _, f := range zr.File {
		fmt.Println(f.Name)
	}
	// Output:
	// diagnostics: 0
	// [Content_Types].xml
	// _rels/.rels
	// docProps/core.xml
	// docProps/app.xml
	// word/document.xml
	// word/_rels/document.xml.rels
	// word/styles.xml
	// word/settings.xml
	// word/footnotes.xml
	// word/header1.xml
	// word/header2.xml
}
