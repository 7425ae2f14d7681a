<?php echo "<h1>Gallery</h1>\n";
