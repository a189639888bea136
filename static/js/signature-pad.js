// Signature pad for the attendance sheet: draw on <canvas> with finger, pen or mouse; the drawing
// goes into the hidden input as a PNG data URL (checked and size-limited by the server).
(() => {
  function setUp(pad) {
    const canvas = pad.querySelector("canvas");
    const input = pad.querySelector("input[type=hidden]");
    const context = canvas.getContext("2d");
    let drawing = false;
    let drawn = false;
    context.lineWidth = 2.2;
    context.lineCap = "round";
    context.strokeStyle = "#000";

    function point(event) {
      const box = canvas.getBoundingClientRect();
      return [
        ((event.clientX - box.left) * canvas.width) / box.width,
        ((event.clientY - box.top) * canvas.height) / box.height,
      ];
    }
    canvas.addEventListener("pointerdown", (event) => {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      context.beginPath();
      context.moveTo(...point(event));
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      context.lineTo(...point(event));
      context.stroke();
      drawn = true;
    });
    const finish = () => {
      if (!drawing) return;
      drawing = false;
      if (drawn) input.value = canvas.toDataURL("image/png");
    };
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    pad.querySelector("[data-signature-clear]").addEventListener("click", () => {
      context.clearRect(0, 0, canvas.width, canvas.height);
      input.value = "";
      drawn = false;
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-signature-pad]").forEach(setUp);
  });
})();
