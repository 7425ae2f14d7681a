<?php echo "<h1>Docs</h1>\n";
