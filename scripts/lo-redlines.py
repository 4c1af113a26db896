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


def connect(profile):
    pipe = "itudoc_redlines_%d" % os.getpid()
    proc = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
        "-env:UserInstallation=" + url(profile),
        "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
    ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 120
    while True:
        try:
            return proc, resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("lo-redlines: LibreOffice did not start")
            time.sleep(0.3)


def main():
    src, out = sys.argv[1], sys.argv[2]
    proc, ctx = connect(os.path.join(out, "profile"))
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        load = (prop("Hidden", True),)
        doc = desktop.loadComponentFromURL(url(src), "_blank", 0, load)
        redlines = []
        en = doc.getRedlines().createEnumeration()
        while en.hasMoreElements():
            r = en.nextElement()
            redlines.append({"author": r.getPropertyValue("RedlineAuthor"), "type": r.getPropertyValue("RedlineType")})
        for command, name in ((".uno:AcceptAllTrackedChanges", "accepted"), (".uno:RejectAllTrackedChanges", "rejected")):
            if doc is None:
                doc = desktop.loadComponentFromURL(url(src), "_blank", 0, load)
            helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())
            doc.storeToURL(url(os.path.join(out, name + ".txt")), (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8")))
            doc.close(True)
            doc = None
        print(json.dumps({"redlines": redlines}))
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        proc.wait(timeout=60)


main()
