# lb::postgres beyond the dialect: the connector links libpq (found with pkg-config),
# and registers itself under "postgresql" through an object library whose object file
# is added to every target that links lb_postgres (a registrar inside the static
# archive would be dropped by the linker, since nothing refers to it).
# Included from dialects/CMakeLists.txt after lb_postgres is defined.

pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
target_link_libraries(lb_postgres PRIVATE PkgConfig::LIBPQ Threads::Threads)
# The registrar calls lb::register_connector (lb::app).
target_link_libraries(lb_postgres INTERFACE lb_app)

add_library(lb_postgres_registrar OBJECT ${CMAKE_CURRENT_LIST_DIR}/register/postgres_registrar.cpp)
# Include directories only: linking lb_postgres would give the registrar its own object
# as an interface source.
target_include_directories(lb_postgres_registrar PRIVATE ${PROJECT_SOURCE_DIR}/include ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(lb_postgres_registrar PRIVATE lb_warnings)
target_sources(lb_postgres INTERFACE $<TARGET_OBJECTS:lb_postgres_registrar>)
