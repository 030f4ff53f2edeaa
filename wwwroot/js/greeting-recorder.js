// Voicemail page: record a greeting in the browser (MediaRecorder). The recording is previewed, then put in
// the mailbox's file field and sent with the upload form, so it is converted, checked and refused exactly as an
// uploaded file is (decision 027). Shown only where the browser can record.
(() => {
  const canRecord = !!(navigator.mediaDevices?.getUserMedia && window.MediaRecorder && window.DataTransfer);
  const recorders = document.querySelectorAll('[data-greeting-recorder]');
  if (!canRecord) return;

  const types = [
    ['audio/webm;codecs=opus', 'webm'],
    ['audio/ogg;codecs=opus', 'ogg'],
    ['audio/mp4', 'm4a'],
    ['audio/webm', 'webm'],
  ];
  const [mimeType, extension] = types.find(([t]) => MediaRecorder.isTypeSupported(t)) ?? ['', 'webm'];
  const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  let active = null;

  recorders.forEach((box) => {
    box.classList.remove('d-none');
    const form = box.closest('form');
    // The file field the recording goes into (data-input, else the form's only one), and its message slot.
    const input = box.dataset.input ? form.querySelector(box.dataset.input) : form.querySelector('input[type="file"]');
    const feedback = form.querySelector(`[data-valmsg-for="${input.name}"]`) ?? form.querySelector('.invalid-feedback');
    // data-submit="false": the recording waits in the field for the form's own Save (a menu has more fields).
    const submits = box.dataset.submit !== 'false';
    const el = (name) => box.querySelector(`[data-record-${name}]`);
    const start = el('start');
    const stop = el('stop');
    const status = el('status');
    const preview = el('preview');
    const save = el('save');
    const discard = el('discard');
    const maxSeconds = parseInt(box.dataset.maxSeconds, 10) || 60;
    // The status texts in the page's language (data-text-* on the box); {0}, {1} are filled in.
    const say = (name, ...args) => (box.dataset[name] ?? '').replace(/\{(\d)\}/g, (_, i) => args[Number(i)]);
    let recorder = null;
    let stream = null;
    let recording = null;
    let timer = null;
    let startedAt = 0;

    const show = (element, visible) => element.classList.toggle('d-none', !visible);
    const fieldError = (message) => {
      input.classList.toggle('is-invalid', !!message);
      feedback.textContent = message ?? '';
    };
    const clearRecording = () => {
      if (preview.src) URL.revokeObjectURL(preview.src);
      preview.removeAttribute('src');
      recording = null;
      show(preview, false);
      show(save, false);
      show(discard, false);
    };
    const stopRecording = () => {
      if (recorder?.state === 'recording') recorder.stop();
    };

    start.addEventListener('click', async () => {
      if (active && active !== stopRecording) active();
      fieldError(null);
      clearRecording();
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch (error) {
        status.textContent = '';
        fieldError(error?.name === 'NotFoundError' ? say('textNoMicrophone') : say('textNotAllowed'));
        return;
      }
      const chunks = [];
      recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      recorder.addEventListener('dataavailable', (event) => { if (event.data.size > 0) chunks.push(event.data); });
      recorder.addEventListener('stop', () => {
        clearInterval(timer);
        stream.getTracks().forEach((track) => track.stop());
        active = null;
        const seconds = Math.min(maxSeconds, (Date.now() - startedAt) / 1000);
        recording = new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' });
        preview.src = URL.createObjectURL(recording);
        show(stop, false);
        show(start, true);
        start.lastChild.textContent = ` ${say('textRecordAgain')}`;
        show(preview, true);
        show(save, true);
        show(discard, true);
        status.textContent = seconds >= maxSeconds
          ? say('textLimit', maxSeconds)
          : say('textRecorded', clock(seconds));
      });
      recorder.start(250);
      active = stopRecording;
      startedAt = Date.now();
      show(start, false);
      show(stop, true);
      status.textContent = say('textRecording', '0:00', clock(maxSeconds));
      timer = setInterval(() => {
        const seconds = (Date.now() - startedAt) / 1000;
        status.textContent = say('textRecording', clock(seconds), clock(maxSeconds));
        if (seconds >= maxSeconds) stopRecording();
      }, 250);
    });

    stop.addEventListener('click', stopRecording);

    discard.addEventListener('click', () => {
      clearRecording();
      status.textContent = '';
    });

    save.addEventListener('click', () => {
      if (!recording) return;
      const files = new DataTransfer();
      files.items.add(new File([recording], `recording.${extension}`, { type: recording.type }));
      input.files = files.files;
      if (!submits) {
        show(save, false);
        status.textContent = say('textAttached');
        return;
      }
      save.disabled = true;
      status.textContent = say('textSaving');
      form.requestSubmit();
    });
  });
})();
