<?php $id = (int)($_GET['id'] ?? 1); echo "<article>Post $id</article>\n";
