<?php /* a page that runs a command on purpose */
echo "generated at " . shell_exec('date +%s');
