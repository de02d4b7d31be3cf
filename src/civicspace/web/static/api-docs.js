// The API reference at /api/docs: Swagger UI from /static/vendor/swagger-ui (no CDN), reading
// the OpenAPI description of this site. A file, not an inline script, so the CSP holds.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // never send the description to validator.swagger.io
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
