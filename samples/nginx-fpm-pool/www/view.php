<?php $p = (int)($_GET['p'] ?? 1); echo "picture $p\n";
