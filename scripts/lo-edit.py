#!/usr/bin/python3
"""lo-edit.py SOFFICE PROFILE IN.docx OUT.docx AUTHOR INSERT BEFORE DELETE

Edits a DOCX in LibreOffice through UNO, as a delegate would in Writer:
opens IN (hidden), records changes as AUTHOR, inserts INSERT before the
first occurrence of BEFORE, deletes the first occurrence of DELETE, accepts
the first tracked change that AUTHOR did not make, and saves OUT as Word
2007-365. Then, from OUT reopened: Accept All saved as OUT.accepted.txt and
Reject All as OUT.rejected.txt (plain text, UTF-8). Prints one JSON line:
{"accepted": {"author": ..., "type": ..., "text": ...}}.

PROFILE is an empty folder for LibreOffice's user profile, so that the test
neither reads nor changes the user's own. Run with /usr/bin/python3 (the
python3-uno bindings are Debian's).
"""
import json
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import lo_uno  # noqa: E402
from lo_uno import prop


def set_author(ctx, author):
    smgr = ctx.ServiceManager
    cp = smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    node = prop("nodepath", "/org.openoffice.UserProfile/Data")
    access = cp.createInstanceWithArguments("com.sun.star.configuration.ConfigurationUpdateAccess", (node,))
    access.setPropertyValue("givenname", author)
    access.setPropertyValue("sn", "")
    access.setPropertyValue("initials", "")
    access.commitChanges()


def find(doc, text):
    sd = doc.createSearchDescriptor()
    sd.SearchString = text
    sd.SearchCaseSensitive = True
    found = doc.findFirst(sd)
    if found is None:
        raise SystemExit("lo-edit: %r not found" % text)
    return found


def main():
    soffice, profile, src, out, author, insert, before, delete = sys.argv[1:9]
    proc, ctx = lo_uno.connect(soffice, profile, "lo-edit")
    desk = lo_uno.desktop(ctx)
    try:
        set_author(ctx, author)
        doc = lo_uno.load(desk, src)
        doc.RecordChanges = True
        where = find(doc, before)
        where.getText().insertString(where.getStart(), insert, False)
        find(doc, delete).setString("")
        accepted = None
        for r in doc.getRedlines():
            if r.RedlineAuthor == author:
                continue
            cur = r.RedlineStart.getText().createTextCursorByRange(r.RedlineStart)
            cur.gotoRange(r.RedlineEnd, True)
            accepted = {"author": r.RedlineAuthor, "type": r.RedlineType, "text": cur.getString()}
            doc.getCurrentController().select(cur)
            lo_uno.dispatch(ctx, doc, ".uno:AcceptTrackedChange")
            break
        doc.storeToURL(lo_uno.url(out), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        lo_uno.accept_and_reject_all(ctx, desk, out, out + ".accepted.txt", out + ".rejected.txt")
        print(json.dumps({"accepted": accepted}))
    finally:
        lo_uno.shut_down(desk, proc)


main()
