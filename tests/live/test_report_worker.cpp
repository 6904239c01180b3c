// The report thread (live/report_worker.hpp): jobs run one at a time, in order, off the caller's
// thread; a full queue and a stopped worker refuse at once, saying which; stop() lets the job
// under way finish and refuses the rest. And reports drawn from two threads at once (the daemon's
// report thread and, say, a test's) come out whole: report_document takes one report at a time,
// because each frees the font caches the other would be drawing with.
#include <catch2/catch.hpp>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "live/report_worker.hpp"
#include "report/report_document.hpp"

using namespace stridecue;

namespace {

// What the jobs did, in order, and on which thread.
struct Journal {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::vector<std::thread::id> threads;
  void add(std::string line) {
    std::lock_guard lock(mutex);
    lines.push_back(std::move(line));
    threads.push_back(std::this_thread::get_id());
  }
  std::vector<std::string> read() {
    std::lock_guard lock(mutex);
    return lines;
  }
};

ReportWorker::Job job(Journal& journal, std::string name) {
  return {[&journal, name] { journal.add("ran " + name); },
          [&journal, name](bool stopping) {
            journal.add("refused " + name + (stopping ? " (stopping)" : " (full)"));
          }};
}

// A first job that holds the report thread from when it starts until release().
class HeldFirstJob {
 public:
  HeldFirstJob(ReportWorker& worker, Journal& journal) : gate_(release_.get_future().share()) {
    std::promise<void> started;
    std::future<void> running = started.get_future();
    worker.post({[&journal, gate = gate_,
                  started = std::make_shared<std::promise<void>>(std::move(started))] {
                   started->set_value();
                   gate.wait();
                   journal.add("ran first");
                 },
                 [&journal](bool) { journal.add("refused first"); }});
    running.wait();
  }
  void release() { release_.set_value(); }

 private:
  std::promise<void> release_;
  std::shared_future<void> gate_;
};

}  // namespace

TEST_CASE("report worker: one job at a time, in order, on its own thread", "[live][reports]") {
  Journal journal;
  {
    ReportWorker worker(2);
    // The first job holds the thread until released: the next two wait, a fourth is one too many.
    HeldFirstJob first(worker, journal);
    worker.post(job(journal, "second"));
    worker.post(job(journal, "third"));
    worker.post(job(journal, "fourth"));
    CHECK(journal.read() == std::vector<std::string>{"refused fourth (full)"});
    first.release();
    while (journal.read().size() < 4)
      std::this_thread::yield();
  }
  CHECK(journal.read() ==
        std::vector<std::string>{"refused fourth (full)", "ran first", "ran second", "ran third"});
  std::lock_guard lock(journal.mutex);
  CHECK(journal.threads[0] == std::this_thread::get_id());  // refused on the caller's
  CHECK(journal.threads[1] != std::this_thread::get_id());
  CHECK(journal.threads[1] == journal.threads[3]);
}

TEST_CASE("report worker: stop() finishes the job under way and refuses the others",
          "[live][reports]") {
  Journal journal;
  ReportWorker worker(4);
  HeldFirstJob first(worker, journal);
  worker.post(job(journal, "second"));
  std::thread stopper([&] { worker.stop(); });
  // The stop refuses the waiting job at once, then waits for the one under way.
  while (journal.read().empty())
    std::this_thread::yield();
  first.release();
  stopper.join();
  worker.post(job(journal, "late"));
  worker.stop();  // twice is harmless
  CHECK(journal.read() == std::vector<std::string>{"refused second (stopping)", "ran first",
                                                   "refused late (stopping)"});
}

TEST_CASE("report worker: a job that throws is refused, and the thread goes on",
          "[live][reports]") {
  Journal journal;
  {
    ReportWorker worker;
    worker.post(
        {[] { throw 42; },
         [&](bool stopping) { journal.add(stopping ? "refused (stopping)" : "refused thrower"); }});
    std::promise<void> after;
    worker.post({[&] {
                   journal.add("ran after");
                   after.set_value();
                 },
                 [](bool) {}});
    after.get_future().wait();
  }
  CHECK(journal.read() == std::vector<std::string>{"refused thrower", "ran after"});
}

TEST_CASE("reports drawn from two threads at once both come out whole", "[live][reports]") {
  ReportDocument doc;
  doc.title = "Two at once";
  doc.subtitle = "report_worker test";
  for (int i = 0; i < 3; ++i) {
    doc.pages.push_back({"Page with text", [](cairo_t* cr, double top, int, auto*) {
                           cairo_move_to(cr, 72, top + 40);
                           cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                                                  CAIRO_FONT_WEIGHT_NORMAL);
                           cairo_set_font_size(cr, 12);
                           cairo_show_text(cr, "fontconfig is in use here");
                         }});
  }
  std::vector<std::string> pdfs(6);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t k = t; k < pdfs.size(); k += 2)
        pdfs[k] = render_report(doc, k % 3 == 2 ? ReportFormat::html : ReportFormat::pdf, "test");
    });
  }
  for (auto& th : threads)
    th.join();
  for (std::size_t k = 0; k < pdfs.size(); ++k) {
    INFO("report " << k);
    if (k % 3 == 2) {
      CHECK(pdfs[k].rfind("<!DOCTYPE html>", 0) == 0);
      CHECK(pdfs[k].find("</html>") != std::string::npos);
    } else {
      CHECK(pdfs[k].rfind("%PDF-", 0) == 0);
      CHECK(pdfs[k].find("%%EOF") != std::string::npos);
    }
  }
  CHECK(pdfs[0].size() > 1000);
}
