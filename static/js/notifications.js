// Live notification count in the header: the page already shows the right count
// (server-rendered); this socket keeps it right and says politely what arrived.
(() => {
  const root = document.querySelector("[data-notifications]");
  if (!root || !("WebSocket" in window)) return;
  const count = root.querySelector(".notif__count");
  const unreadLabel = root.querySelector(".notif__unread");
  const toast = root.querySelector(".notif__toast");
  let retry = 0;
  let hideTimer = null;

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
    socket.addEventListener("open", () => { retry = 0; root.dataset.live = "on"; });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "unread") show(message.unread);
      else if (message.type === "notification") { show(message.unread); announce(message.text, message.url); }
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
