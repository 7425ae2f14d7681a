<?php echo "<h1>Network tools</h1><form action=/lookup.php>\n";
