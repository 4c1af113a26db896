"""lo_uno: what the LibreOffice UNO scripts beside it share.

Starting a headless soffice with a user profile of its own (so that no
script reads or changes the user's), connecting to it, dispatching
commands, saving plain text, and shutting it down. Imported by
lo-redlines.py and lo-edit.py; run them with /usr/bin/python3, since the
python3-uno bindings are Debian's.
"""
import os
import subprocess
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def connect(soffice, profile, who):
    """Starts soffice with its profile in PROFILE; gives (process, context).
    WHO names the caller in the pipe's name and in the error."""
    pipe = "itudoc_%s_%d" % (who, os.getpid())
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
            return proc, resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit("%s: LibreOffice did not start" % who)
            time.sleep(0.3)


def desktop(ctx):
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def load(desk, path):
    return desk.loadComponentFromURL(url(path), "_blank", 0, (prop("Hidden", True),))


def dispatch(ctx, doc, command):
    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())


def save_text(doc, path):
    doc.storeToURL(url(path), (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,")))


def accept_and_reject_all(ctx, desk, src, accepted, rejected):
    """Saves SRC as text twice, opened afresh each time: with Accept All to
    ACCEPTED, with Reject All to REJECTED."""
    for command, path in ((".uno:AcceptAllTrackedChanges", accepted), (".uno:RejectAllTrackedChanges", rejected)):
        doc = load(desk, src)
        dispatch(ctx, doc, command)
        save_text(doc, path)
        doc.close(True)


def shut_down(desk, proc):
    try:
        desk.terminate()
    except Exception:
        pass
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
