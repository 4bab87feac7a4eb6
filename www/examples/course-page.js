// The example course page's own script (external: the page's Content-Security-Policy allows no
// inline script). It does what a course page or an LMS plug-in would: listens for the widgets'
// attempts, and sizes the iframe to the height the widget inside asks for.

const log = document.getElementById('event-log');
const frame = document.getElementById('drill-frame');

function record(source, detail) {
  const item = document.createElement('li');
  item.dataset.source = source;
  item.dataset.detail = JSON.stringify(detail);
  item.textContent = `${source}: ${JSON.stringify(detail)}`;
  log.append(item);
}

// <debate-drill> elements: the event bubbles out of the shadow root (composed) to the document.
document.addEventListener('debate-drill:attempt', (event) => {
  record(event.target.id || 'debate-drill', event.detail);
});

// The iframe: attempts and height changes arrive as messages. Only the frame's own messages are
// trusted here (event.source); a real page would also check event.origin.
window.addEventListener('message', (event) => {
  if (!frame || event.source !== frame.contentWindow) return;
  const data = event.data;
  if (data?.type === 'debate-drill:attempt') {
    record(frame.id, data.detail);
  } else if (data?.subject === 'lti.frameResize' && Number.isInteger(data.height) && data.height > 0) {
    // The height attribute, not a style: no inline style under this page's policy.
    frame.height = String(data.height);
    frame.dataset.reportedHeight = String(data.height);
  }
});
