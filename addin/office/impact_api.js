// Talking to `impact serve`, which serves this page and its JSON API on the same origin (no CORS,
// no mixed content). Every API request is POST with a JSON body {"name", "workbook": base64}; every
// error is JSON {"error", "status"} (SPEC, "The local service"). Loaded by the page as a plain
// <script> (window.ImpactApi) and by node with require().
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ImpactApi = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /** An answer from Impact that is not a success; `status` is the HTTP status (0: no answer). */
  class ApiError extends Error {
    constructor(message, status, body) {
      super(message);
      this.name = "ApiError";
      this.status = status;
      this.body = body || null;
    }
  }

  const NOT_ANSWERING = "Impact is not answering on this computer. Start it (the Impact shortcut, or " +
                        "`impact serve` in a terminal), then try again.";

  /** POSTs `body` as JSON to `path` and returns the parsed answer; throws ApiError otherwise. */
  async function post(path, body, fetchImpl) {
    const doFetch = fetchImpl || fetch;
    let response;
    try {
      response = await doFetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch (e) {
      throw new ApiError(NOT_ANSWERING, 0);
    }
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const message = data && typeof data.error === "string" && data.error
        ? data.error
        : "Impact answered " + response.status + " " + (response.statusText || "") + " to " + path + ".";
      throw new ApiError(message, response.status, data);
    }
    if (data === null || typeof data !== "object") {
      throw new ApiError("Impact's answer to " + path + " was not JSON. Restart Impact and try again.", response.status);
    }
    return data;
  }

  function request(name, base64, extra) {
    return Object.assign({ name: name, workbook: base64 }, extra || {});
  }

  /** The four API calls of SPEC; `fetchImpl` is for tests. */
  function client(fetchImpl) {
    return {
      check: (name, base64) => post("api/check", request(name, base64), fetchImpl),
      analyse: (name, base64) => post("api/analyse", request(name, base64), fetchImpl),
      summary: (name, base64) => post("api/summary", request(name, base64), fetchImpl),
      reports: (name, base64, force) => post("api/reports", request(name, base64, force ? { force: true } : null), fetchImpl),
    };
  }

  /** Reads a File (from the picker or a drop) as base64. */
  function fileToBase64(file) {
    return new Promise(function (resolve, reject) {
      const reader = new FileReader();
      reader.onload = function () {
        const url = String(reader.result);
        resolve(url.slice(url.indexOf(",") + 1));
      };
      reader.onerror = function () {
        reject(new Error("Could not read \"" + file.name + "\". Check that it is not open elsewhere and try again."));
      };
      reader.readAsDataURL(file);
    });
  }

  /** A Blob of the bytes in `base64`, typed `type`. */
  function base64ToBlob(base64, type) {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return new Blob([bytes], { type: type });
  }

  return {
    ApiError: ApiError,
    post: post,
    client: client,
    fileToBase64: fileToBase64,
    base64ToBlob: base64ToBlob,
  };
});
