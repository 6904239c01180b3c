// Opens a file for a stream reader (a SampleSource built on a std::istream) and keeps the two
// together, so that the caller owns one object. Shared by every text-format reader.
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>

#include "files/failed_source.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

// Reader(std::istream&, std::string display_name, Args...) must be a SampleSource.
template <class Reader>
class FileSource final : public SampleSource {
 public:
  template <class... Args>
  FileSource(std::unique_ptr<std::ifstream> file, std::string display_name, Args&&... args)
      : file_(std::move(file)),
        reader_(*file_, std::move(display_name), std::forward<Args>(args)...) {}
  const SourceLayout& layout() const override { return reader_.layout(); }
  SourceStatus next(SampleBlock& block) override { return reader_.next(block); }
  const std::string& failure() const override { return reader_.failure(); }

 private:
  std::unique_ptr<std::ifstream> file_;  // declared first: the reader reads from it
  Reader reader_;
};

// A file that will not open gives a source that fails with "<path>: cannot open: <reason>".
std::unique_ptr<SampleSource> cannot_open(const std::filesystem::path& path);

template <class Reader, class... Args>
std::unique_ptr<SampleSource> open_file_source(const std::filesystem::path& path, Args&&... args) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return cannot_open(path);
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!file->is_open()) return cannot_open(path);
  return std::make_unique<FileSource<Reader>>(std::move(file), path.string(),
                                              std::forward<Args>(args)...);
}

}  // namespace stridecue
