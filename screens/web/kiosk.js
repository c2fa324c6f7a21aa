// The page around the kiosk's terminal (kiosk serve): sized for its screen, kept a kiosk, and
// back on its own when the connection drops. Runs before textual.js starts the terminal.
(() => {
  "use strict";
  const body = document.body;
  const holder = document.getElementById("terminal");
  const notice = document.getElementById("notice");
  const noticeText = document.getElementById("notice-text");
  // The smallest terminal each kind of screen is laid out for: 80x24 on a landscape screen
  // (the volunteers' tables); on a portrait one, where the guest's steps stack, 40 columns (the
  // narrowest the guest's steps are drawn for) and 30 rows: bigger text, the whole height used
  // (a 600x960 tablet gets 40x32 at 25 px, not 66x53 at 16 px). A volunteer screen that needs
  // more columns says so (kiosk:columns below).
  const LANDSCAPE = { cols: 80, rows: 24 };
  const PORTRAIT = { cols: 40, rows: 30 };
  const FONT = "'Roboto Mono', Monaco, 'Courier New', monospace";
  const BUSY = 4429; // the server's close code when every kiosk process is taken
  let session = null;

  // textual.js keeps its terminal in a local variable; its constructor assigns
  // `this.fitAddon`, which this accessor sees, handing us the session object.
  Object.defineProperty(Object.prototype, "fitAddon", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "fitAddon",
                            { value, writable: true, configurable: true, enumerable: true });
      if (this.terminal && this.websocket_url) {
        session = this;
        window.__kioskTerminal = this.terminal;
      }
    },
  });

  // -- the text's size: the layout fills the screen --------------------------------------------
  function cellRatio() {
    // What one character cell measures per pixel of font size, as xterm.js measures it.
    const probe = document.createElement("span");
    probe.style.cssText = `position:absolute;visibility:hidden;white-space:pre;` +
                          `font-family:${FONT};font-size:100px;line-height:normal`;
    probe.textContent = "W".repeat(32);
    body.appendChild(probe);
    const ratio = { width: probe.offsetWidth / 32 / 100, height: probe.offsetHeight / 100 };
    probe.remove();
    return ratio;
  }

  // The columns the screen on show needs at least (the app says so: see window.open below).
  let needs = 0;

  function wanted() {
    const shape = window.innerWidth >= window.innerHeight ? LANDSCAPE : PORTRAIT;
    return { cols: Math.max(shape.cols, needs), rows: shape.rows };
  }

  function fontSize() {
    const width = window.innerWidth, height = window.innerHeight;
    const target = wanted();
    const ratio = cellRatio();
    const size = Math.min(width / (target.cols * ratio.width),
                          height / (target.rows * ratio.height));
    return Math.max(8, Math.floor(size));
  }

  function fitText() {
    if (!session) { return; }
    let size = fontSize();
    session.terminal.options.fontSize = size;
    session.fit();
    // Rounding in the browser may leave a column short: one pixel less until it fits.
    const target = wanted();
    for (let tries = 0; tries < 6; tries++) {
      const proposed = session.fitAddon.proposeDimensions();
      if (!proposed || (proposed.cols >= target.cols && proposed.rows >= target.rows)) { break; }
      size -= 1;
      session.terminal.options.fontSize = size;
      session.fit();
    }
  }

  holder.dataset.fontSize = String(fontSize());
  window.addEventListener("resize", fitText);

  // The app's messages to the page come as `kiosk:` addresses to open; no other address is
  // ever opened from the kiosk (a guest must not reach another site through it).
  window.open = (url) => {
    const asked = /^kiosk:columns=(\d+)$/.exec(String(url));
    if (asked) {
      needs = Number(asked[1]);
      fitText();
    }
    return null;
  };

  // -- a kiosk, not a web page -------------------------------------------------------------------
  // The back gesture and the back button land on this same page, which puts itself back.
  history.pushState({ kiosk: true }, "", location.pathname);
  window.addEventListener("popstate", () => {
    history.pushState({ kiosk: true }, "", location.pathname);
  });
  for (const kind of ["contextmenu", "dragstart", "selectstart", "gesturestart"]) {
    document.addEventListener(kind, (event) => event.preventDefault());
  }
  // A second finger (pinch) is not for the kiosk.
  document.addEventListener("touchmove", (event) => {
    if (event.touches.length > 1) { event.preventDefault(); }
  }, { passive: false });

  // -- back on its own ---------------------------------------------------------------------------
  function say(text) {
    noticeText.textContent = text;
    notice.hidden = false;
    body.classList.add("-away");
  }

  async function comeBack(wait) {
    // Ask until the server answers, then start afresh: a new kiosk process on its welcome screen.
    for (;;) {
      await new Promise((done) => setTimeout(done, wait));
      try {
        const answer = await fetch(location.pathname, { cache: "no-store" });
        if (answer.ok) { break; }
      } catch (error) {
        // not listening yet (a restart, an update): ask again
      }
      wait = 1000;
    }
    location.replace(location.pathname);
  }

  const NativeSocket = window.WebSocket;
  let gone = false;
  class KioskSocket extends NativeSocket {
    constructor(...args) {
      super(...args);
      // Fitted once the socket is open: a size sent before would be refused by the socket.
      this.addEventListener("open", () => setTimeout(fitText, 0));
      this.addEventListener("close", (event) => {
        if (gone) { return; }
        gone = true;
        if (event.code === BUSY) {
          say(body.dataset.busy);
          comeBack(5000);
        } else {
          say(body.dataset.reconnecting);
          comeBack(500);
        }
      });
    }
  }
  window.WebSocket = KioskSocket;

  // -- once textual.js has made the terminal -----------------------------------------------------
  const start = window.onload;
  window.onload = (event) => {
    if (start) { start(event); }
    if (!session) { return; }
    const input = session.terminal.textarea;
    if (input) {
      // No on-screen keyboard over the kiosk: it has its own keypads.
      input.setAttribute("inputmode", "none");
      input.setAttribute("autocomplete", "off");
      input.setAttribute("autocapitalize", "off");
    }
  };
})();
