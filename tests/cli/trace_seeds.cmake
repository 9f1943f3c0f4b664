# `gradscape trace --seeds K`: the header, one row per step per optimizer, one seed equal to the plain
# trace with that seed (to the last digit, with a band of 0), and bad --seeds refused (exit 2, one line).
include(${CMAKE_CURRENT_LIST_DIR}/lib/expect_refused.cmake)

function(trace_ok)
  execute_process(COMMAND ${GRADSCAPE} trace ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out
                  ERROR_VARIABLE err TIMEOUT 60)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "trace ${ARGN}: exit status ${status} (stderr: ${err})")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

set(run --surface logistic_regression --batch 2 --seed 5 --steps 30)

trace_ok(${run} --optimizer sgd:lr=0.5 --optimizer adam:lr=0.05 --seeds 8)
string(REGEX REPLACE "\n.*" "" header "${out}")
if(NOT header STREQUAL "optimizer,step,x,y,loss,x_std,y_std,loss_std,seeds")
  message(FATAL_ERROR "--seeds header: ${header}")
endif()
string(REGEX MATCHALL "\n" newlines "${out}")
list(LENGTH newlines lines)
if(NOT lines EQUAL 63)  # header + 2 optimizers x 31 steps
  message(FATAL_ERROR "--seeds wrote ${lines} lines, expected 63: ${out}")
endif()
if(NOT out MATCHES "\nsgd lr=0.5,30,[^,\n]+,[^,\n]+,[^,\n]+,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,8\n")
  message(FATAL_ERROR "--seeds has no last sgd row with 8 seeds: ${out}")
endif()
if(out MATCHES "\nsgd lr=0.5,30,[^,\n]+,[^,\n]+,[^,\n]+,0,")
  message(FATAL_ERROR "8 seeds of batch 2 and sgd ended with no spread in x: ${out}")
endif()

# One seed is the plain trace with that seed: the same x, y and loss strings, and a band of 0.
trace_ok(${run} --optimizer sgd:lr=0.5 --seeds 1)
string(REGEX MATCH "\nsgd lr=0.5,30,([^,\n]+),([^,\n]+),([^,\n]+),0,0,0,1\n" last "${out}")
if(last STREQUAL "")
  message(FATAL_ERROR "--seeds 1 has no step 30 with a band of 0: ${out}")
endif()
set(band_xyl "${CMAKE_MATCH_1},${CMAKE_MATCH_2},${CMAKE_MATCH_3}")
trace_ok(${run} --optimizer sgd:lr=0.5)
string(REGEX MATCH "\nsgd lr=0.5,30,([^,\n]+),([^,\n]+),([^,\n]+)," last "${out}")
set(trace_xyl "${CMAKE_MATCH_1},${CMAKE_MATCH_2},${CMAKE_MATCH_3}")
if(NOT band_xyl STREQUAL trace_xyl)
  message(FATAL_ERROR "--seeds 1 ends at ${band_xyl}; the plain trace with that seed at ${trace_xyl}")
endif()

expect_refused("--seeds" ${run} --optimizer sgd --seeds 0)
expect_refused("--seeds" ${run} --optimizer sgd --seeds 10001)
expect_refused("--seeds" ${run} --optimizer sgd --seeds two)
expect_refused("--seeds" ${run} --optimizer sgd --seeds 4 --format json)
expect_refused("--seeds" --surface logistic_regression --optimizer sgd --seeds 4)  # no --batch
expect_refused("--seeds" --surface himmelblau --optimizer sgd --seeds 4)
