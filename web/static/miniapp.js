// A Telegram Mini App: Telegram puts the signed initData in the address's fragment (tgWebAppData).
// It is posted once for a session cookie, then the page opens.
(function () {
  var box = document.getElementById('miniapp');
  var status = document.getElementById('miniapp-status');
  if (!box) return;
  var fragment = new URLSearchParams(window.location.hash.slice(1));
  var initData = fragment.get('tgWebAppData');
  var fail = function () {
    if (status) status.textContent = box.getAttribute('data-failed') || status.textContent;
  };
  if (!initData) return fail();
  fetch('/tg/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ initData: initData, purpose: box.getAttribute('data-purpose') }),
  })
    .then(function (response) {
      return response.ok ? response.json() : Promise.reject(response.status);
    })
    .then(function (answer) {
      window.location.replace(answer.redirect);
    })
    .catch(fail);
})();
