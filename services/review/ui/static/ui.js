// Progressive enhancement only: every action is a plain form that works without this script.
// Live SLA / lease countdowns, "show text" for collapsed harmful posts, and keyboard shortcuts.
(function () {
  'use strict';

  function format(ms) {
    var s = Math.abs(Math.round(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var text = h > 0 ? h + 'h ' + String(m).padStart(2, '0') + 'm' : m + 'm ' + String(sec).padStart(2, '0') + 's';
    return ms >= 0 ? text + ' left' : 'overdue by ' + text;
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll('.countdown[data-deadline]').forEach(function (el) {
      var left = Date.parse(el.getAttribute('data-deadline')) - now;
      el.textContent = format(left);
      el.classList.toggle('over', left < 0);
      el.classList.toggle('soon', left >= 0 && left < 5 * 60 * 1000);
    });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (target && target.isContentEditable);
  }

  document.addEventListener('DOMContentLoaded', function () {
    tick();
    setInterval(tick, 1000);

    document.querySelectorAll('[data-show-text]').forEach(function (button) {
      button.addEventListener('click', function () {
        document.querySelectorAll('.post.blurred').forEach(function (post) { post.classList.remove('blurred'); });
        button.parentElement.remove();
      });
    });

    document.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      var button = document.querySelector('button[data-key="' + event.key.toLowerCase() + '"]');
      if (!button) return;
      event.preventDefault();
      // Escalating needs a note: focus it first instead of submitting an empty one.
      var note = button.form && button.form.querySelector('textarea[name="note"]');
      if (button.value === 'escalate' && note && note.value.trim() === '') {
        note.focus();
        note.placeholder = 'Add a note for whoever picks up the escalation, then press Escalate.';
        return;
      }
      if (button.form && typeof button.form.requestSubmit === 'function') button.form.requestSubmit(button);
      else button.click();
    });
  });
})();
