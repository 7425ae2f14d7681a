<?php echo "<h1>Blog</h1>\n"; for ($i = 1; $i < 7; $i++) echo "<a href=/post.php?id=$i>post $i</a>\n";
