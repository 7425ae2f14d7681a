<?php
$id = (int)($_GET['id'] ?? 1);
echo "<h2>Post $id</h2><form method=post action=/comment.php>";
