<?php echo "<h1>Shop</h1><a href=/upload.php>Send us your photo</a>\n";
