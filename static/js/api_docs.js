// Starts Swagger UI (vendored by django-ninja) on the API documentation page; no inline script, for the CSP.
(function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  SwaggerUIBundle({
    url: node.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    // Off: with it, each operation's path is a link inside its toggle button, which screen readers cannot use.
    deepLinking: false,
    // No call to the public validator: nothing leaves the site.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
})();
