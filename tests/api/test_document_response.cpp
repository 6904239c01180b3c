// A reply that is a document (a report) as written on the wire: its own type, inline or as an
// attachment with its file name, never cached; a JSON reply is unchanged.
#include <catch2/catch.hpp>

#include <utility>

#include "api/http_exchange.hpp"

using namespace stridecue;
using namespace stridecue::api_internal;

namespace {

ApiReply pdf_reply(bool attachment) {
  auto d = std::make_shared<ApiDocument>();
  d->content_type = "application/pdf";
  d->filename = "session-3.pdf";
  d->attachment = attachment;
  d->bytes = std::string("%PDF-1.5\n\0binary", 16);
  ApiReply reply;
  reply.document = std::move(d);
  return reply;
}

std::string header(const HttpResponse& r, http::field f) {
  return std::string(r[f]);
}

}  // namespace

TEST_CASE("document replies: type, disposition and bytes as sent", "[api][reports]") {
  const HttpResponse inline_pdf = make_response(pdf_reply(false), {}, 11, true);
  CHECK(inline_pdf.result_int() == 200);
  CHECK(header(inline_pdf, http::field::content_type) == "application/pdf");
  CHECK(header(inline_pdf, http::field::content_disposition) ==
        "inline; filename=\"session-3.pdf\"");
  CHECK(header(inline_pdf, http::field::cache_control) == "no-store");
  CHECK(inline_pdf.body() == std::string("%PDF-1.5\n\0binary", 16));
  CHECK(header(inline_pdf, http::field::content_length) == "16");
  // An SVG or HTML report opened in a tab runs nothing and fetches nothing.
  CHECK_THAT(std::string(inline_pdf["Content-Security-Policy"]),
             Catch::StartsWith("default-src 'none'"));

  const HttpResponse download = make_response(pdf_reply(true), {}, 11, true);
  CHECK(header(download, http::field::content_disposition) ==
        "attachment; filename=\"session-3.pdf\"");

  const HttpResponse json = make_response({404, {{"error", "no session 9"}}}, {}, 11, true);
  CHECK(header(json, http::field::content_type) == "application/json");
  CHECK(header(json, http::field::content_disposition).empty());
}
