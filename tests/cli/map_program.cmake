# User-written optimizers in `gradscape map` and `gradscape tune`: a program's basin and hyperparameter maps
# are the built-in rule's, row for row; tuning a program finds the built-in's value; the tuned spec names
# the program's file and `gradscape trace` reads it back.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run_ok)
  execute_process(COMMAND ${GRADSCAPE} ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${ARGN}: exit status ${status} (stderr: ${err})")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect_same_file a b what)
  file(READ ${a} first)
  file(READ ${b} second)
  string(LENGTH "${first}" length)
  if(length LESS 200)
    message(FATAL_ERROR "${what}: ${a} is too short: ${first}")
  endif()
  if(NOT first STREQUAL second)
    message(FATAL_ERROR "${what}: the program's map differs from the built-in's:\n${first}\n---\n${second}")
  endif()
endfunction()

set(programs "${SOURCE_DIR}/assets/optimizers")

run_ok(map basin --surface himmelblau --optimizer adam:lr=0.05 --steps 60 --size 12x9 --csv ${WORK}/builtin.csv)
run_ok(map basin --surface himmelblau --optimizer file:${programs}/adam.gso:lr=0.05 --steps 60 --size 12x9
       --csv ${WORK}/program.csv)
expect_same_file(${WORK}/builtin.csv ${WORK}/program.csv "basin map")

run_ok(map hyper --surface quadratic --optimizer momentum --x lr:1e-3:1:log --y momentum:0:0.99 --steps 80
       --size 8x6 --csv ${WORK}/builtin_hyper.csv)
run_ok(map hyper --surface quadratic --optimizer file:${programs}/momentum.gso --x lr:1e-3:1:log --y momentum:0:0.99
       --steps 80 --size 8x6 --csv ${WORK}/program_hyper.csv)
expect_same_file(${WORK}/builtin_hyper.csv ${WORK}/program_hyper.csv "hyperparameter map")

run_ok(tune --surface quadratic --optimizer sgd --steps 40)
string(STRIP "${out}" builtin)
run_ok(tune --surface quadratic --optimizer file:${programs}/sgd.gso --steps 40)
string(STRIP "${out}" program)
string(REGEX REPLACE "^sgd:" "" builtin_values "${builtin}")
if(NOT program STREQUAL "file:${programs}/sgd.gso:${builtin_values}")
  message(FATAL_ERROR "tuned program spec '${program}', expected the built-in's values '${builtin}'")
endif()
run_ok(trace --surface quadratic --steps 5 --optimizer ${program})

# Without --param, lr is searched over [1e-5, 10] cut to the range the program declares (adam.gso: lr <= 1).
run_ok(tune --surface himmelblau --optimizer file:${programs}/adam.gso --steps 30 --starts 2)
string(STRIP "${out}" tuned)
if(NOT tuned MATCHES "^file:${programs}/adam.gso:lr=[0-9.e+-]+$")
  message(FATAL_ERROR "tuned Adam program spec: '${tuned}'")
endif()
run_ok(trace --surface himmelblau --steps 5 --optimizer ${tuned})
