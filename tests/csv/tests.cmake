# Every CSV file the programs write, read by Python's csv module without options (and pandas
# where installed), checked against the JSON output of the same run (check_csv_files.py).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
foreach(case analyze export excel table)
  add_test(NAME "csv: ${case}: tidy tables that csv readers take without options"
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/csv/check_csv_files.py
                   $<TARGET_FILE:stridecue> ${CMAKE_CURRENT_BINARY_DIR}/csv-check ${case})
  set_tests_properties("csv: ${case}: tidy tables that csv readers take without options"
                       PROPERTIES LABELS "e2e")
endforeach()
