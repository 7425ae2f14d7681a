<?php echo "<h1>Shop</h1>\n";
