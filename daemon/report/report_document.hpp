// A report as pages drawn with Cairo, written as PDF (a page each), SVG (the pages one under
// the other on one canvas: SVG 1.1 has no pages) or HTML (one file, each page a PNG inlined as
// a data URI, no scripts). Beside the pages, the rectangles each plot drew its data in
// (chart::PlotRecord), as JSON: for the tests that look at the rendered pages.
#pragma once

#include <cairo.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/chart_axes.hpp"

namespace stridecue {

// A4 portrait, in points.
inline constexpr double kPageWidthPt = 595.28;
inline constexpr double kPageHeightPt = 841.89;
inline constexpr double kPageMarginPt = 36.0;

struct ReportPage {
  std::string title;  // the page's heading
  // Draws the page's body below the heading, from y = `top` (pt); `page` is 0-based.
  std::function<void(cairo_t* cr, double top, int page, std::vector<chart::PlotRecord>* log)> draw;
};

struct ReportDocument {
  std::string title;     // the document's: the PDF's title, the HTML's <title>
  std::string subtitle;  // every page's footer: who and which session
  std::vector<ReportPage> pages;
};

enum class ReportFormat { pdf, svg, html };
// By the file's extension (.pdf, .svg, .html or .htm); none for any other.
std::optional<ReportFormat> report_format_for(const std::filesystem::path& file);

// "application/pdf", "image/svg+xml", "text/html; charset=utf-8"; and ".pdf", ".svg", ".html".
std::string_view report_content_type(ReportFormat format);
std::string_view report_extension(ReportFormat format);

// The document's bytes in `format` (what write_report writes), and where each plot drew its data
// into `records` when given. Any thread: reports are drawn one at a time in a process (Cairo's
// and fontconfig's font caches are freed after each, report_document.cpp), so a call waits for
// another thread's report to finish. Throws std::runtime_error naming `name` when Cairo fails.
std::string render_report(const ReportDocument& doc, ReportFormat format, const std::string& name,
                          std::vector<chart::PlotRecord>* records = nullptr);

// Writes the document; returns where each plot drew its data. Throws std::runtime_error naming
// the file when it cannot be written.
std::vector<chart::PlotRecord> write_report(const ReportDocument& doc,
                                            const std::filesystem::path& file);
// The records as JSON: {"page_width_pt", "page_height_pt", "plots": [{"title", "page", "x",
// "y", "w", "h", "data_x0", "data_x1", "marks"}]}.
void write_plot_records(const std::vector<chart::PlotRecord>& records,
                        const std::filesystem::path& file);

}  // namespace stridecue
