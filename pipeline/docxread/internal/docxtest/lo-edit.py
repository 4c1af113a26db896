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
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def connect(soffice, profile):
    pipe = "itudoc_%d" % os.getpid()
    proc = subprocess.Popen([
        soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
        "-env:UserInstallation=" + url(profile),
        "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 120
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return proc, ctx
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("lo-edit: LibreOffice did not start")
            time.sleep(0.3)


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


def dispatch(ctx, doc, command):
    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())


def save_text(doc, path):
    doc.storeToURL(url(path), (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")))


def main():
    soffice, profile, src, out, author, insert, before, delete = sys.argv[1:9]
    proc, ctx = connect(soffice, profile)
    try:
        set_author(ctx, author)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
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
            dispatch(ctx, doc, ".uno:AcceptTrackedChange")
            break
        doc.storeToURL(url(out), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        for command, suffix in ((".uno:AcceptAllTrackedChanges", ".accepted.txt"), (".uno:RejectAllTrackedChanges", ".rejected.txt")):
            d = desktop.loadComponentFromURL(url(out), "_blank", 0, (prop("Hidden", True),))
            dispatch(ctx, d, command)
            save_text(d, out + suffix)
            d.close(True)
        print(json.dumps({"accepted": accepted}))
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


main()
