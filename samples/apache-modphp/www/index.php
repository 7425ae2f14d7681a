<?php
echo "<h1>A blog</h1>\n";
for ($i = 1; $i <= 5; $i++)
	echo "<a href=\"/post.php?id=$i\">Post $i</a>\n";
