<?php echo "<h1>Intranet</h1>\n";
