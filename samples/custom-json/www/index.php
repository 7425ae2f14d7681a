<?php echo "<h1>Welcome</h1>\n";
