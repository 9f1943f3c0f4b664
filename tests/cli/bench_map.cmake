# `gradscape bench --map` (needs a display: ctest runs under xvfb-run): idle frames, then frames while a
# basin map computes in the background, both medians printed and the map's frame time last.
# One timed change of the Maps panel's map (a whole 256x256 map: about 30 s in the sanitizer build).
execute_process(COMMAND ${GRADSCAPE} bench --map --frames 4 --size 320x240 --map-changes 1 RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 240)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "bench --map: exit status ${status} (stderr: ${err})")
endif()
if(NOT out MATCHES "\nidle median frame time: [0-9.]+ ms over 4 frames\n")
  message(FATAL_ERROR "bench --map: no idle median: ${out}")
endif()
if(NOT out MATCHES "\nwhile a 256x256 basin map \\(adam lr=0.05, 300 steps\\) computes with 1 of 2 workers active: median ([0-9.]+) ms over 4 frames")
  message(FATAL_ERROR "bench --map: no median while the map computes: ${out}")
endif()
set(busy "${CMAKE_MATCH_1}")
if(NOT out MATCHES "\nMaps panel, a [0-9]+x[0-9]+ basin map after a change of settings [^\n]*first coarse level on screen in median [0-9]+ ms \\([0-9]+; goal: 100 ms\\), full resolution in median [0-9]+ ms \\([0-9]+; goal: 1000 ms\\)\n")
  message(FATAL_ERROR "bench --map: no timed change of the Maps panel's map: ${out}")
endif()
string(STRIP "${out}" out)
string(REGEX REPLACE ".*\n" "" last "${out}")
if(NOT last STREQUAL "median frame time: ${busy} ms")
  message(FATAL_ERROR "bench --map: last line '${last}', expected the busy median ${busy} ms")
endif()
