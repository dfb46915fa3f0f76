// Live thread: new posts arrive over the WebSocket; writes stay plain HTTP forms.
// Without this file the page works as is (reload to see new posts).
(() => {
  const list = document.getElementById("posts");
  if (!list || !("WebSocket" in window)) return;
  const threadId = list.dataset.thread;
  const status = document.getElementById("live-status");
  const bar = document.getElementById("new-posts");
  const barButton = bar && bar.querySelector("button");
  let lastId = Number(list.dataset.lastPost || 0);
  let unseen = [];
  let socket = null;
  let retry = 0;
  let typingSent = 0;
  let heartbeat = null;
  const readers = document.getElementById("readers");

  // "Who is reading": the server lists this socket while it sends "reading" every 20 s.
  const showReaders = (names) => {
    if (!readers) return;
    readers.querySelector(".readers__text").textContent =
      names.length ? `${readers.dataset.label} ${names.join(", ")}` : "";
    readers.hidden = names.length === 0;
  };

  const announce = (text) => { if (status) status.textContent = text; };

  const showBar = () => {
    if (!bar || !barButton) return;
    if (!unseen.length) { bar.hidden = true; return; }
    barButton.textContent = unseen.length === 1 ? "1 nouveau message" : `${unseen.length} nouveaux messages`;
    bar.hidden = false;
  };

  const insert = (message) => {
    const template = document.createElement("template");
    template.innerHTML = message.html.trim();
    const node = template.content.firstElementChild;
    if (!node) return;
    const existing = document.getElementById(node.id);
    if (existing) { existing.replaceWith(node); return; }
    if (message.event !== "created") return;
    list.appendChild(node);
    node.classList.add("post--new");
    lastId = Math.max(lastId, message.post_id);
    list.dataset.lastPost = String(lastId);
    unseen.push(node);
    showBar();
    const author = node.querySelector(".post-head a");
    announce(`Nouveau message de ${author ? author.textContent : "un membre"}`);
  };

  // Someone (maybe in another tab) reacted: refresh the counts, keep this reader's own state.
  const updateReactions = (message) => {
    const bar = document.getElementById(`reactions-${message.post_id}`);
    if (!bar) return;
    Object.entries(message.counts).forEach(([kind, count]) => {
      const counter = bar.querySelector(`[data-reaction="${kind}"] .reaction-count`);
      if (counter) counter.textContent = count ? String(count) : "";
    });
  };

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws/discussions/fil/${threadId}/?after=${lastId}`);
    socket.addEventListener("open", () => {
      retry = 0;
      list.dataset.live = "on";
      const reading = () => socket.send(JSON.stringify({ action: "reading" }));
      // An open socket does not notice a Redis outage, and a post broadcast during one
      // never reaches it: each heartbeat also asks for what came after the last post.
      const beat = () => {
        reading();
        socket.send(JSON.stringify({ action: "catch_up", after: lastId }));
      };
      reading();
      clearInterval(heartbeat);
      heartbeat = setInterval(beat, 20000);
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "post") insert(message);
      else if (message.type === "reactions") updateReactions(message);
      else if (message.type === "readers") showReaders(message.names);
      else if (message.type === "presence" && message.state === "typing") announce(`${message.name} écrit…`);
      else if (message.type === "status") announce("Le statut du fil a changé ; rechargez la page pour le voir.");
    });
    socket.addEventListener("close", (event) => {
      list.dataset.live = "off";
      clearInterval(heartbeat);
      if (event.code === 4401 || event.code === 4403) return; // logged out or no access: stop
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * 2 ** retry);
    });
  };

  if (barButton) {
    barButton.addEventListener("click", () => {
      const first = unseen[0];
      unseen = [];
      showBar();
      if (first) { first.setAttribute("tabindex", "-1"); first.focus(); }
    });
  }
  const body = document.querySelector("[data-composer] textarea");
  if (body) {
    body.addEventListener("input", () => {
      const now = Date.now();
      if (socket && socket.readyState === WebSocket.OPEN && now - typingSent > 3000) {
        typingSent = now;
        socket.send(JSON.stringify({ action: "typing" }));
      }
    });
  }
  connect();
})();
