-- track-changes.lua: a pandoc Lua filter that writes the source dialect's
-- revision marks as Word tracked changes. pandoc's DOCX writer makes a
-- w:ins of a span with class "insertion" and a w:del of one with class
-- "deletion", with the span's attributes author and date; this filter
-- makes those spans:
--
--   ~~text~~           (pandoc's strikeout)      → [text]{.deletion}
--   [text](#)          (a link to "#")           → [text]{.insertion}
--   [text](# "A YYYY-MM-DD")                     → the change of author A on that day
--   [text]{.insertion} or {.deletion}            → kept, given an author and date
--
-- and gives every change without them the author and date of the metadata
-- fields track-author and track-date (pandoc -M track-author=NAME -M
-- track-date=YYYY-MM-DD), the date written as Word writes it
-- (YYYY-MM-DDT00:00:00Z).
--
--   pandoc -f markdown --lua-filter track-changes.lua \
--     -M track-author='WORKING GROUP OF THE PLENARY' -M track-date=2014-11-03 \
--     -o out.docx in.md

local author, date = "itudoc", "2014-01-01"

local function stamp(d)
  if d:match("^%d%d%d%d%-%d%d%-%d%d$") then
    return d .. "T00:00:00Z"
  end
  return d
end

local function change(kind, content, who, when)
  local attrs = { author = who or author, date = stamp(when or date) }
  return pandoc.Span(content, pandoc.Attr("", { kind }, attrs))
end

local function inline(el)
  if el.t == "Strikeout" then
    return change("deletion", el.content)
  end
  if el.t == "Link" and el.target == "#" then
    local who, when = (el.title or ""):match("^(.-)%s+(%d%d%d%d%-%d%d%-%d%d)$")
    return change("insertion", el.content, who, when)
  end
  if el.t == "Span" then
    for _, kind in ipairs({ "insertion", "deletion" }) do
      if el.classes:includes(kind) then
        return change(kind, el.content, el.attributes.author, el.attributes.date)
      end
    end
  end
end

return {
  {
    Meta = function(meta)
      if meta["track-author"] then
        author = pandoc.utils.stringify(meta["track-author"])
      end
      if meta["track-date"] then
        date = pandoc.utils.stringify(meta["track-date"])
      end
    end,
  },
  { Strikeout = inline, Link = inline, Span = inline },
}
