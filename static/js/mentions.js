// @mention autocomplete in the composer (reply and new thread). Without this file the
// textarea is a plain textarea: typing @prenom-nom by hand works the same.
// ARIA: the textarea keeps its textbox role and points at a listbox of options
// (aria-autocomplete, aria-controls, aria-activedescendant); arrows choose, Enter or
// Tab inserts, Escape closes; a polite status says how many members are proposed.
(() => {
  const form = document.querySelector("form[data-mentions-url]");
  const area = form && form.querySelector("textarea");
  if (!area || !window.fetch) return;
  const url = form.dataset.mentionsUrl;
  const field = area.parentElement;
  field.classList.add("mention-field");

  const list = document.createElement("ul");
  list.id = `${area.id}-mentions`;
  list.className = "mention-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Membres à mentionner");
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  const hint = document.createElement("p");
  hint.id = `${area.id}-mentions-hint`;
  hint.className = "visually-hidden";
  hint.textContent = "Tapez @ suivi du début d'un nom pour mentionner un membre.";
  area.after(list, status, hint);
  area.setAttribute("aria-autocomplete", "list");
  area.setAttribute("aria-controls", list.id);
  area.setAttribute("aria-describedby", `${area.getAttribute("aria-describedby") || ""} ${hint.id}`.trim());

  let results = [];
  let active = -1;
  let token = null; // { start, end } of "@query" in the textarea
  let timer = null;
  let pending = null;

  const close = () => {
    list.hidden = true;
    list.textContent = "";
    results = [];
    active = -1;
    area.removeAttribute("aria-activedescendant");
  };

  const highlight = (index) => {
    active = index;
    [...list.children].forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) area.setAttribute("aria-activedescendant", list.children[index].id);
    else area.removeAttribute("aria-activedescendant");
  };

  const render = () => {
    list.textContent = "";
    results.forEach((member, i) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${i}`;
      option.setAttribute("role", "option");
      option.dataset.handle = member.handle;
      option.append(`${member.name} `);
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = `@${member.handle}${member.company ? ` · ${member.company}` : ""}`;
      option.append(meta);
      option.addEventListener("mousedown", (event) => { event.preventDefault(); insert(i); });
      list.append(option);
    });
    list.hidden = results.length === 0;
    highlight(results.length ? 0 : -1);
    status.textContent = results.length === 0 ? "Aucun membre ne correspond."
      : `${results.length} membre${results.length > 1 ? "s" : ""} proposé${results.length > 1 ? "s" : ""} ; flèches pour choisir, Entrée pour insérer.`;
  };

  const insert = (index) => {
    const member = results[index];
    if (!member || !token) return;
    const text = `@${member.handle} `;
    area.setRangeText(text, token.start, token.end, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
    close();
    status.textContent = `${member.name} mentionné·e.`;
    area.focus();
  };

  const currentToken = () => {
    const before = area.value.slice(0, area.selectionStart);
    const match = before.match(/(?:^|[\s(>])@([\p{L}\p{N}-]{1,40})$/u);
    if (!match || area.selectionStart !== area.selectionEnd) return null;
    return { query: match[1], start: area.selectionStart - match[1].length - 1, end: area.selectionStart };
  };

  const lookup = () => {
    token = currentToken();
    if (!token) { close(); return; }
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(`${url}?q=${encodeURIComponent(token.query)}`, {
      headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal,
    })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((data) => { results = data.results || []; render(); })
      .catch(() => {});
  };

  area.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 150); });
  area.addEventListener("blur", () => setTimeout(close, 100));
  area.addEventListener("keydown", (event) => {
    if (list.hidden || !results.length) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % results.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + results.length) % results.length); }
    else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) { event.preventDefault(); insert(active); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
  });
})();
