#include "report/report_document.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fmt/format.h>
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "report/chart_text.hpp"

namespace stridecue {
namespace {

using chart::Align;
using chart::PlotRecord;

// Cairo and fontconfig keep the fonts they loaded for the life of the process. A report is
// drawn once, at the end of a command: let both go, so that what LeakSanitizer finds after it
// is ours. The next report (a test drawing several) loads them again. FcFini frees what
// another thread drawing text would be using: the caller holds render_mutex(), which every
// report of this process takes, so that reports (the only users of fontconfig in the daemon,
// drawn on its report thread) are drawn one at a time.
std::mutex& render_mutex() {
  static std::mutex m;
  return m;
}

void release_font_caches() {
  cairo_debug_reset_static_data();
  FcFini();
}

void draw_page(cairo_t* cr, const ReportDocument& doc, std::size_t page,
               std::vector<PlotRecord>* log) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, 0, 0, kPageWidthPt, kPageHeightPt);
  cairo_fill(cr);
  const ReportPage& p = doc.pages[page];
  chart::draw_text(cr, kPageMarginPt, kPageMarginPt + 12, p.title, {14, true});
  chart::draw_text(cr, kPageMarginPt, kPageHeightPt - kPageMarginPt / 2, doc.subtitle,
                   {6.5, false, chart::kGrey});
  chart::draw_text(cr, kPageWidthPt - kPageMarginPt, kPageHeightPt - kPageMarginPt / 2,
                   fmt::format("page {} of {}", page + 1, doc.pages.size()),
                   {6.5, false, chart::kGrey, Align::right});
  p.draw(cr, kPageMarginPt + 24, static_cast<int>(page), log);
  cairo_restore(cr);
}

void check(cairo_surface_t* surface, const std::string& name) {
  const cairo_status_t status = cairo_surface_status(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(
        fmt::format("{}: cannot write the report: {}", name, cairo_status_to_string(status)));
  }
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const auto byte = [&](std::size_t k) {
      return k < bytes.size() ? static_cast<unsigned char>(bytes[k]) : 0u;
    };
    const unsigned v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kAlphabet[v >> 18 & 63];
    out += kAlphabet[v >> 12 & 63];
    out += i + 1 < bytes.size() ? kAlphabet[v >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

std::string html_escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// Cairo's objects, freed however a page ends: in the daemon a report that throws must not leak
// its surface.
struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextFree {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using Context = std::unique_ptr<cairo_t, ContextFree>;

std::string render_html(const ReportDocument& doc, const std::string& name,
                        std::vector<PlotRecord>& log) {
  constexpr double kScale = 1.5;  // 108 dpi: sharp on a screen, a few hundred KB a page
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     html_escaped(doc.title) +
                     "</title>\n<style>body{font-family:sans-serif;background:#ddd;margin:0}"
                     "section{margin:16px auto;width:" +
                     fmt::format("{:.0f}", kPageWidthPt * kScale) +
                     "px}img{width:100%;background:#fff;box-shadow:0 1px 4px #888}"
                     "h2{font-size:14px;margin:4px 0}</style></head><body>\n";
  for (std::size_t i = 0; i < doc.pages.size(); ++i) {
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                               static_cast<int>(kPageWidthPt * kScale),
                                               static_cast<int>(kPageHeightPt * kScale)));
    {
      Context cr(cairo_create(surface.get()));
      cairo_scale(cr.get(), kScale, kScale);
      draw_page(cr.get(), doc, i, &log);
    }
    std::string png;
    cairo_surface_write_to_png_stream(surface.get(), append, &png);
    check(surface.get(), name);
    html += fmt::format("<section><h2>{}</h2><img alt=\"{}\" src=\"data:image/png;base64,{}\">",
                        html_escaped(doc.pages[i].title), html_escaped(doc.pages[i].title),
                        base64(png));
    html += "</section>\n";
  }
  html += "</body></html>\n";
  return html;
}

// The PDF or SVG, drawn into `bytes` through Cairo's stream surfaces.
void render_vector(const ReportDocument& doc, ReportFormat format, const std::string& name,
                   std::vector<PlotRecord>& log, std::string& bytes) {
  const double pages = static_cast<double>(doc.pages.size());
  Surface surface;
  if (format == ReportFormat::pdf) {
    surface.reset(cairo_pdf_surface_create_for_stream(append, &bytes, kPageWidthPt, kPageHeightPt));
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "stridecue report");
  } else {
    surface.reset(
        cairo_svg_surface_create_for_stream(append, &bytes, kPageWidthPt, kPageHeightPt * pages));
  }
  check(surface.get(), name);
  {
    Context cr(cairo_create(surface.get()));
    for (std::size_t i = 0; i < doc.pages.size(); ++i) {
      if (format == ReportFormat::svg) {
        cairo_save(cr.get());
        cairo_translate(cr.get(), 0, kPageHeightPt * static_cast<double>(i));
        draw_page(cr.get(), doc, i, &log);
        cairo_restore(cr.get());
      } else {
        draw_page(cr.get(), doc, i, &log);
        cairo_show_page(cr.get());
      }
    }
  }
  cairo_surface_finish(surface.get());
  check(surface.get(), name);
}

}  // namespace

std::optional<ReportFormat> report_format_for(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".pdf") return ReportFormat::pdf;
  if (ext == ".svg") return ReportFormat::svg;
  if (ext == ".html" || ext == ".htm") return ReportFormat::html;
  return std::nullopt;
}

std::string_view report_content_type(ReportFormat format) {
  switch (format) {
    case ReportFormat::pdf: return "application/pdf";
    case ReportFormat::svg: return "image/svg+xml";
    case ReportFormat::html: return "text/html; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string_view report_extension(ReportFormat format) {
  switch (format) {
    case ReportFormat::pdf: return ".pdf";
    case ReportFormat::svg: return ".svg";
    case ReportFormat::html: return ".html";
  }
  return "";
}

std::string render_report(const ReportDocument& doc, ReportFormat format, const std::string& name,
                          std::vector<chart::PlotRecord>* records) {
  std::vector<PlotRecord> log;
  std::string bytes;
  {
    std::lock_guard lock(render_mutex());
    try {
      if (format == ReportFormat::html) {
        bytes = render_html(doc, name, log);
      } else {
        render_vector(doc, format, name, log, bytes);
      }
    } catch (...) {
      release_font_caches();
      throw;
    }
    release_font_caches();
  }
  if (records) *records = std::move(log);
  return bytes;
}

std::vector<PlotRecord> write_report(const ReportDocument& doc, const std::filesystem::path& file) {
  const auto format = report_format_for(file);
  if (!format) {
    throw std::runtime_error(file.string() + ": a report is .pdf, .svg or .html");
  }
  std::vector<PlotRecord> log;
  const std::string bytes = render_report(doc, *format, file.string(), &log);
  std::ofstream out(file, std::ios::binary);
  out << bytes;
  if (!out.flush()) {
    throw std::runtime_error(file.string() + ": cannot write the report");
  }
  return log;
}

void write_plot_records(const std::vector<chart::PlotRecord>& records,
                        const std::filesystem::path& file) {
  nlohmann::ordered_json plots = nlohmann::ordered_json::array();
  for (const PlotRecord& r : records) {
    plots.push_back({{"title", r.title},
                     {"page", r.page},
                     {"x", r.data.x},
                     {"y", r.data.y},
                     {"w", r.data.w},
                     {"h", r.data.h},
                     {"data_x0", r.data_x0},
                     {"data_x1", r.data_x1},
                     {"marks", r.marks}});
  }
  std::ofstream out(file);
  out << nlohmann::ordered_json{{"page_width_pt", kPageWidthPt},
                                {"page_height_pt", kPageHeightPt},
                                {"plots", plots}}
             .dump(1)
      << "\n";
  if (!out.flush()) throw std::runtime_error(file.string() + ": cannot write");
}

}  // namespace stridecue
