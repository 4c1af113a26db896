#!/usr/bin/python3
"""lo-redlines.py IN.docx OUTDIR

Opens IN in LibreOffice through UNO (headless, with a fresh user profile in
OUTDIR), lists its tracked changes, then saves as plain text, UTF-8: the
document with Accept All (OUTDIR/accepted.txt) and, reopened, with Reject
All (OUTDIR/rejected.txt). Prints one JSON object:
{"redlines": [{"author": ..., "type": ...}, ...]}.

Run with /usr/bin/python3: the python3-uno bindings are Debian's.
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import lo_uno  # noqa: E402


def main():
    src, out = sys.argv[1], sys.argv[2]
    proc, ctx = lo_uno.connect("soffice", os.path.join(out, "profile"), "lo-redlines")
    desk = lo_uno.desktop(ctx)
    try:
        doc = lo_uno.load(desk, src)
        redlines = []
        en = doc.getRedlines().createEnumeration()
        while en.hasMoreElements():
            r = en.nextElement()
            redlines.append({"author": r.getPropertyValue("RedlineAuthor"), "type": r.getPropertyValue("RedlineType")})
        doc.close(True)
        lo_uno.accept_and_reject_all(ctx, desk, src, os.path.join(out, "accepted.txt"), os.path.join(out, "rejected.txt"))
        print(json.dumps({"redlines": redlines}))
    finally:
        lo_uno.shut_down(desk, proc)


main()
