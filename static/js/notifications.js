// Live notification count in the header: the page already shows the right count
// (server-rendered); this socket keeps it right and says politely what arrived.
// On a space page it also marks threads that receive a new post as "Nouveau".
(() => {
  const root = document.querySelector("[data-notifications]");
  if (!root || !("WebSocket" in window)) return;
  const count = root.querySelector(".notif__count");
  const unreadLabel = root.querySelector(".notif__unread");
  const toast = root.querySelector(".notif__toast");
  let retry = 0;
  let hideTimer = null;
  // A space page: its thread rows get their "Nouveau" mark live.
  const rows = document.querySelector("[data-live-threads]");
  let rowStatus = null;

  const markActive = (threadId) => {
    const row = rows && rows.querySelector(`[data-thread-row="${Number(threadId)}"]`);
    if (!row || row.classList.contains("thread--unread")) return;
    row.classList.add("thread--unread");
    const link = row.querySelector(".thread-title a");
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = rows.dataset.newLabel;
    link.after(" ", tag);
    if (!rowStatus) {
      rowStatus = document.createElement("p");
      rowStatus.className = "visually-hidden";
      rowStatus.setAttribute("role", "status");
      rows.after(rowStatus);
    }
    rowStatus.textContent = `Nouveau message dans « ${link.textContent} »`;
  };

  const show = (unread) => {
    const n = Math.max(0, Number(unread) || 0);
    count.dataset.count = String(n);
    count.textContent = n > 99 ? "99+" : String(n);
    count.hidden = n === 0;
    unreadLabel.textContent = n === 1 ? "1 non lue" : `${n} non lues`;
  };

  const announce = (text, url) => {
    toast.textContent = "";
    const link = document.createElement("a");
    link.href = url;
    link.textContent = text;
    toast.appendChild(link);
    toast.classList.add("is-visible");
    clearTimeout(hideTimer);
    // The message stays in the page (for the screen reader); only the bubble fades.
    hideTimer = setTimeout(() => toast.classList.remove("is-visible"), 8000);
  };

  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}${root.dataset.socket}`);
    socket.addEventListener("open", () => {
      retry = 0;
      root.dataset.live = "on";
      if (rows) {
        const threads = [...rows.querySelectorAll("[data-thread-row]")].map((row) => Number(row.dataset.threadRow));
        socket.send(JSON.stringify({ action: "follow_threads", threads }));
      }
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "unread") show(message.unread);
      else if (message.type === "notification") { show(message.unread); announce(message.text, message.url); }
      else if (message.type === "activity") markActive(message.thread_id);
      else if (message.type === "following" && rows) rows.dataset.live = "on";
    });
    socket.addEventListener("close", (event) => {
      root.dataset.live = "off";
      if (event.code === 4401 || event.code === 4403) return; // logged out or not a member
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * 2 ** retry);
    });
  };
  connect();
})();
