<?php $id = (int)($_GET['id'] ?? 1); echo "<h2>Product $id</h2>\n";
