<?php echo "<h1>Shop</h1>\n"; for ($i = 1; $i < 9; $i++) echo "<a href=/product.php?id=$i>$i</a>\n";
