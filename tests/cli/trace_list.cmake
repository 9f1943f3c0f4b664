# `gradscape trace --list` numbers each surface's minima in the order the map CSV's `minimum` column
# indexes them: a hyperparameter map started exactly on listed minimum i, with a step too small to leave
# it, reports minimum i, for every listed minimum of every surface.
execute_process(COMMAND ${GRADSCAPE} trace --list RESULT_VARIABLE status OUTPUT_VARIABLE listing
                ERROR_VARIABLE err TIMEOUT 30)
if(NOT status EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "trace --list: exit status ${status}, stderr '${err}'")
endif()

# Surface names (two spaces, a name, two spaces) and minimum lines, in the order --list prints them.
string(REGEX MATCHALL "\n  [a-z][a-z0-9_-]*  |\n      minimum [0-9]+ \\([^)]*\\)" tokens "${listing}")
set(surface "")
set(checked 0)
set(surfaces_with_several 0)
foreach(token ${tokens})
  if(token MATCHES "^\n  ([a-z][a-z0-9_-]*)  $")
    set(surface "${CMAKE_MATCH_1}")
    set(expected 0)
    continue()
  endif()
  if(NOT token MATCHES "^\n      minimum ([0-9]+) \\(([^,]+), ([^)]+)\\)$")
    message(FATAL_ERROR "unreadable minimum line: '${token}'")
  endif()
  set(index "${CMAKE_MATCH_1}")
  set(x "${CMAKE_MATCH_2}")
  set(y "${CMAKE_MATCH_3}")
  if(NOT index EQUAL expected)
    message(FATAL_ERROR "${surface}: minimum ${index} listed where ${expected} was expected")
  endif()
  math(EXPR expected "${expected} + 1")
  if(index EQUAL 1)
    math(EXPR surfaces_with_several "${surfaces_with_several} + 1")
  endif()
  execute_process(COMMAND ${GRADSCAPE} map hyper --surface ${surface} --optimizer sgd --x lr:1e-8:2e-8
                          --y momentum:0:0.1 --size 1x1 --steps 1 --start=${x},${y} --csv -
                  RESULT_VARIABLE status OUTPUT_VARIABLE csv ERROR_VARIABLE err TIMEOUT 60)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "map hyper on ${surface} from minimum ${index} (${x}, ${y}): exit ${status}: ${err}")
  endif()
  # The one row: px,py,lr,momentum,end_x,end_y,loss,minimum,status,status_step
  if(NOT csv MATCHES "\n0,0,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,([-0-9]+),")
    message(FATAL_ERROR "map hyper on ${surface}: no pixel row in: ${csv}")
  endif()
  if(NOT CMAKE_MATCH_1 EQUAL index)
    message(FATAL_ERROR "${surface}: a map from listed minimum ${index} (${x}, ${y}) reports minimum "
                        "${CMAKE_MATCH_1}")
  endif()
  math(EXPR checked "${checked} + 1")
endforeach()
# The catalog has surfaces with several minima (himmelblau lists four): a listing without them is wrong.
if(surfaces_with_several LESS 2 OR checked LESS 8)
  message(FATAL_ERROR "trace --list: only ${checked} minima on ${surfaces_with_several} surfaces with "
                      "several: ${listing}")
endif()
string(FIND "${listing}" "\n  himmelblau  " at)
if(at EQUAL -1)
  message(FATAL_ERROR "trace --list does not list himmelblau: ${listing}")
endif()
