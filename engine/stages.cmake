# The engine's layers: one static library per folder of engine/ (impact_<folder>), and the folders
# each may include and link. This file is the one statement of the graph: engine/CMakeLists.txt
# links the libraries from it, and the test architecture.layers (tests/architecture/layers.py)
# fails when a file includes a folder its stage does not list here, when a header includes a
# PRIVATE one, when a listed folder is no longer included, or when the table in
# docs/architecture.md differs from this file.
#
# PUBLIC: the stage's headers include it (whoever includes them needs it too). PRIVATE: only its
# .cpp files do. A stage may list only stages above it, so the graph has no cycle and static
# libraries link in this order (MinGW included). Third-party libraries are linked in
# engine/CMakeLists.txt, by the stages that use them.
#
#            stage      its dependencies
impact_stage(platform)
impact_stage(common     PUBLIC platform)
impact_stage(read       PRIVATE common platform)
impact_stage(model      PRIVATE read)
impact_stage(recognise  PUBLIC common model read)
impact_stage(validate   PUBLIC model recognise PRIVATE common)
impact_stage(check      PUBLIC model recognise PRIVATE common read validate)
impact_stage(analyse    PUBLIC model recognise PRIVATE common read)
impact_stage(output     PUBLIC analyse check PRIVATE read)
impact_stage(pdf        PRIVATE common platform)
impact_stage(report     PUBLIC analyse check recognise PRIVATE common pdf)
impact_stage(sheets     PUBLIC analyse check recognise PRIVATE common model platform read)
impact_stage(write      PUBLIC platform read PRIVATE common)
impact_stage(init       PUBLIC read PRIVATE common platform recognise)
impact_stage(desktop    PRIVATE common platform)
impact_stage(run        PUBLIC analyse check PRIVATE common platform read report sheets write)
impact_stage(mail       PUBLIC common PRIVATE check platform recognise report)
impact_stage(serve      PUBLIC platform PRIVATE analyse check common output report sheets)
impact_stage(cli        PRIVATE analyse check common desktop init mail output platform read run serve)
